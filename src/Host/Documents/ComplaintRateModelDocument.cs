using Lumen.Reliability.Complaints;

namespace Lumen.Host.Documents;

/// <summary>JSON shape of a fitted complaint-rate model (coefficients on interruption hours and repeats).</summary>
internal sealed record ComplaintRateModelDocument(string Kind, double Intercept, double PerHour, double PerRepeat, IReadOnlyList<double> StandardErrors, int Cells, int Iterations)
{
    public static ComplaintRateModelDocument? Of(ComplaintRateModel? m) => m is null ? null :
        new(m.Kind == ComplaintModelKind.Poisson ? "poisson" : "logistic", m.Intercept, m.PerHour, m.PerRepeat, m.StandardErrors, m.CellCount, m.Iterations);
}
