namespace Lumen.TestSupport;

/// <summary>OpenDSS texts shared by the importer's tests (Topology) and the three-phase solver's (Reliability).</summary>
public static class OpenDssSamples
{
    /// <summary>
    /// A small feeder with every phase feature the importer reads: a delta-wye transformer, sequence and matrix line
    /// codes, a 2-phase lateral behind a switch, a wye and a delta single-phase load, a capacitor and a load shape
    /// (<see cref="PhaseFeederDay"/> as <c>day.txt</c>).
    /// </summary>
    public static string PhaseFeeder { get; } = string.Join("\r\n",
        "Clear",
        "Set DefaultBaseFrequency=50",
        "New Circuit.t basekv=11 pu=1.02 Isc3=3000 Isc1=2000",
        "New Linecode.m nphases=2 units=km rmatrix=[0.3 0.1 | 0.1 0.3] xmatrix=(0.4 | 0.2 0.4) cmatrix=(10 | -2 10)",
        "New Linecode.s nphases=3 r1=0.2 x1=0.3 r0=0.5 x0=0.9 c1=0 c0=0 units=km",
        "New Transformer.t1 phases=3 windings=2 buses=[sourcebus lv] conns=[delta wye] kvs=[11 0.4] kvas=[500 500] xhl=4 %loadloss=1",
        "New Line.a bus1=lv bus2=b linecode=s length=250 units=m",
        "New Line.b bus1=b.2.3 bus2=c.2.3 linecode=m length=0.1",
        "New Line.sw bus1=c.2.3 bus2=d.2.3 phases=2 switch=yes",
        "New Load.y phases=1 bus1=c.3 kv=0.23 kw=5 pf=0.9 model=4 yearly=day",
        "New Load.d phases=1 bus1=b.3.1 conn=delta kv=0.4 kw=8 kvar=2 model=5",
        "New Capacitor.k bus1=b phases=3 kvar=30 kv=0.4",
        "New Loadshape.day npts=3 minterval=30 mult=(file=day.txt)") + "\r\n";

    /// <summary>The load shape file <c>day.txt</c> of <see cref="PhaseFeeder"/>.</summary>
    public const string PhaseFeederDay = "0.5\r\n1.0\r\n0.25\r\n";
}
