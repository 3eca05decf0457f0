namespace Lumen.Topology.Tests.Import;

/// <summary>
/// A small valid network folder (two feeders from one source, a fused lateral, a sectionaliser and a normally-open tie)
/// written to a temporary folder; tests break one thing at a time and check the diagnostic.
/// </summary>
internal sealed class MiniNetwork : IDisposable
{
    public const string Buses =
        "bus_id,kind,customers,average_load_kw,peak_load_kw,customer_type,nominal_kv\n" + // line 1
        "SS,source,0,0,0,,10\n" +                                                          // line 2
        "A1,node,0,0,0,,10\n" +                                                            // line 3
        "A2,node,0,0,0,,10\n" +                                                            // line 4
        "LPA,load_point,100,50,80,residential,0.4\n" +                                     // line 5
        "B1,node,0,0,0,,10\n" +                                                            // line 6
        "LPB,load_point,10,20,30,commercial,0.4\n";                                        // line 7

    public const string Branches =
        "branch_id,from_bus,to_bus,type,length_km,failure_rate_per_year,repair_hours,replacement_hours,normally_open,feeder\n" +
        "SA1,SS,A1,line,1.0,0.1,5,,false,FA\n" +   // line 2
        "SA2,A1,A2,cable,0.5,0.02,20,,false,FA\n" + // line 3
        "TA,A2,LPA,transformer,,0.015,200,10,false,FA\n" + // line 4
        "SB1,SS,B1,line,2.0,0.2,5,,false,FB\n" +   // line 5
        "TB,B1,LPB,transformer,,0.015,200,10,false,FB\n" + // line 6
        "TIE,A2,B1,line,0,0,0,,true,\n";          // line 7

    public const string Devices =
        "device_id,branch_id,at_bus,type,normally_open,cases\n" +
        "CBA,SA1,SS,breaker,false,\n" +      // line 2
        "DS1,SA2,A1,disconnect,false,X\n" +  // line 3
        "FUA,TA,A2,fuse,false,\n" +          // line 4
        "CBB,SB1,SS,breaker,false,\n" +      // line 5
        "NO1,TIE,A2,disconnect,true,\n";     // line 6

    public MiniNetwork(string? buses = null, string? branches = null, string? devices = null)
    {
        Folder = Directory.CreateTempSubdirectory("lumen-mini-").FullName;
        File.WriteAllText(Path.Combine(Folder, "buses.csv"), buses ?? Buses);
        File.WriteAllText(Path.Combine(Folder, "branches.csv"), branches ?? Branches);
        File.WriteAllText(Path.Combine(Folder, "devices.csv"), devices ?? Devices);
    }

    public string Folder { get; }

    public void WriteBytes(string file, byte[] bytes) => File.WriteAllBytes(Path.Combine(Folder, file), bytes);

    public void Write(string file, string text) => File.WriteAllText(Path.Combine(Folder, file), text);

    public void Delete(string file) => File.Delete(Path.Combine(Folder, file));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
