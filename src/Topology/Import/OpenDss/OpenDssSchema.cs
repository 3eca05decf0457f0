namespace Lumen.Topology.Import.OpenDss;

/// <summary>
/// What the importer knows about OpenDSS classes: the property order used to name positional values, and the
/// length units.
/// </summary>
/// <remarks>
/// Property orders follow the OpenDSS property tables (a positional value takes the property after the previous
/// one, so <c>R1=1 1 1 1</c> sets r1, x1, r0 and x0). Only the leading properties matter in practice; a positional
/// value past the end of a list is ignored. Stateless and thread-safe.
/// </remarks>
internal static class OpenDssSchema
{
    private static readonly Dictionary<string, string[]> s_propertyOrder = new(StringComparer.Ordinal)
    {
        ["line"] =
        [
            "bus1", "bus2", "linecode", "length", "phases", "r1", "x1", "r0", "x0", "c1", "c0", "rmatrix", "xmatrix",
            "cmatrix", "switch", "rg", "xg", "rho", "geometry", "units", "spacing", "wires", "earthmodel", "cncables",
            "tscables", "b1", "b0", "seasons", "ratings", "linetype", "normamps", "emergamps", "faultrate", "pctperm",
            "repair", "basefreq", "enabled", "like",
        ],
        ["linecode"] =
        [
            "nphases", "r1", "x1", "r0", "x0", "c1", "c0", "units", "rmatrix", "xmatrix", "cmatrix", "basefreq",
            "normamps", "emergamps", "faultrate", "pctperm", "repair", "kron", "rg", "xg", "rho", "neutral", "b1", "b0",
            "seasons", "ratings", "linetype", "like",
        ],
        ["load"] =
        [
            "phases", "bus1", "kv", "kw", "pf", "model", "yearly", "daily", "duty", "growth", "conn", "kvar", "rneut",
            "xneut", "status", "class", "vminpu", "vmaxpu", "vminnorm", "vminemerg", "xfkva", "allocationfactor", "kva",
            "%mean", "%stddev", "cvrwatts", "cvrvars", "kwh", "kwhdays", "cfactor", "cvrcurve", "numcust",
        ],
        ["transformer"] =
        [
            "phases", "windings", "wdg", "bus", "conn", "kv", "kva", "tap", "%r", "rneut", "xneut", "buses", "conns",
            "kvs", "kvas", "taps", "xhl", "xht", "xlt", "xscarray", "thermal", "n", "m", "flrise", "hsrise", "%loadloss",
            "%noloadloss", "normhkva", "emerghkva", "sub", "maxtap", "mintap", "numtaps", "subname", "%imag",
            "ppm_antifloat", "%rs", "bank", "xfmrcode",
        ],
        ["xfmrcode"] =
        [
            "phases", "windings", "wdg", "conn", "kv", "kva", "tap", "%r", "rneut", "xneut", "conns", "kvs", "kvas",
            "taps", "xhl", "xht", "xlt", "xscarray", "thermal", "n", "m", "flrise", "hsrise", "%loadloss",
            "%noloadloss", "normhkva", "emerghkva", "maxtap", "mintap", "numtaps", "%imag", "ppm_antifloat", "%rs",
        ],
        ["capacitor"] = ["bus1", "bus2", "phases", "kvar", "kv", "conn", "cmatrix", "cuf", "r", "xl", "harm", "numsteps", "states"],
        ["reactor"] = ["bus1", "bus2", "phases", "kvar", "kv", "conn", "rmatrix", "xmatrix", "parallel", "r", "x", "rp"],
        ["circuit"] =
        [
            "bus1", "basekv", "pu", "angle", "frequency", "phases", "mvasc3", "mvasc1", "x1r1", "x0r0", "isc3", "isc1",
            "r1", "x1", "r0", "x0",
        ],
        ["energymeter"] = ["element", "terminal", "action", "option"],
        ["monitor"] = ["element", "terminal", "mode", "action"],
        ["capcontrol"] = ["element", "terminal", "capacitor", "type", "ptratio", "ctratio", "onsetting", "offsetting"],
        ["regcontrol"] = ["transformer", "winding", "vreg", "band", "ptratio", "ctprim", "r", "x", "bus", "delay"],
        ["fuse"] = ["monitoredobj", "monitoredterm", "switchedobj", "switchedterm", "fusecurve", "ratedcurrent", "delay", "action", "normal", "state"],
        ["recloser"] = ["monitoredobj", "monitoredterm", "switchedobj", "switchedterm", "numfast", "phasefast", "phasedelayed"],
        ["relay"] = ["monitoredobj", "monitoredterm", "switchedobj", "switchedterm", "type"],
        ["swtcontrol"] = ["switchedobj", "switchedterm", "action", "lock", "delay", "normal", "state", "reset"],
    };

    /// <summary>The property order of <paramref name="className"/>; empty for classes the importer does not model.</summary>
    public static string[] PropertyOrder(string className) =>
        s_propertyOrder.TryGetValue(className, out string[]? order) ? order : [];

    /// <summary>Kilometres per one OpenDSS length unit; NaN for <c>none</c>; false when the unit is unknown.</summary>
    public static bool TryKmPerUnit(string units, out double kmPerUnit)
    {
        switch (units.Trim().ToLowerInvariant())
        {
            case "none": kmPerUnit = double.NaN; return true;
            case "mi": kmPerUnit = 1.609344; return true;
            case "kft": kmPerUnit = 0.3048; return true;
            case "km": kmPerUnit = 1.0; return true;
            case "m": kmPerUnit = 0.001; return true;
            case "ft": kmPerUnit = 0.0003048; return true;
            case "in": kmPerUnit = 0.0000254; return true;
            case "cm": kmPerUnit = 0.00001; return true;
            case "mm": kmPerUnit = 0.000001; return true;
            default: kmPerUnit = double.NaN; return false;
        }
    }
}
