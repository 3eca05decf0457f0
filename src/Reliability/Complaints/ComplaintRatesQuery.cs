using System.Globalization;
using Lumen.Topology.Requests;

namespace Lumen.Reliability.Complaints;

/// <summary>The question "how many complaints does an interruption bring?", with an optional outage to price.</summary>
/// <param name="Customers">Customers of an outage to give the expected complaints of; with <paramref name="DurationHours"/>.</param>
/// <param name="DurationHours">Its duration, hours.</param>
/// <param name="Repeat">The customers' n-th sustained interruption in 12 months (1 for the first); default 1.</param>
public sealed record ComplaintRatesRequest(double? Customers = null, double? DurationHours = null, int? Repeat = null);

/// <summary>Expected complaints of one outage under the preferred model.</summary>
public sealed record ExpectedComplaints(double Customers, double DurationHours, int Repeat, double Complaints);

/// <summary>One point of the preferred model's curve: complaints per 1,000 customers interrupted for a duration.</summary>
public sealed record RateCurvePoint(double DurationHours, double ComplaintsPerThousand);

/// <summary>Complaint rates by duration and repeat, the fitted models and the preferred one's curve.</summary>
/// <param name="Complaints">Complaints received.</param>
/// <param name="LinkedToOutages">Complaints linked to an outage event.</param>
/// <param name="LinkedToOtherEpisodes">Complaints linked to other episodes (e.g. low voltage).</param>
/// <param name="Unlinked">Unlinked complaints by reason.</param>
/// <param name="ByDuration">Rates by interruption duration band.</param>
/// <param name="ByRepeat">Rates by the n-th interruption in 12 months.</param>
/// <param name="Model">The model other analyses use: logistic when fitted (a bounded probability per customer), else Poisson; null when neither could be fitted.</param>
/// <param name="Poisson">The Poisson model, or null.</param>
/// <param name="Logistic">The logistic model, or null.</param>
/// <param name="Expected">Expected complaints of the requested outage, or null.</param>
/// <param name="Curve">The preferred model's complaints per 1,000 customers at 0–48 h (for the requested repeat).</param>
public sealed record ComplaintRatesDocument(
    int Complaints, int LinkedToOutages, int LinkedToOtherEpisodes, IReadOnlyDictionary<string, int> Unlinked,
    IReadOnlyList<RateBand> ByDuration, IReadOnlyList<RateBand> ByRepeat,
    ComplaintRateModel? Model, ComplaintRateModel? Poisson, ComplaintRateModel? Logistic,
    ExpectedComplaints? Expected, IReadOnlyList<RateCurvePoint> Curve);

/// <summary>The one entry point of complaint rates (CLI <c>complaints rates</c>, API <c>/api/complaints/rates</c>).</summary>
public static class ComplaintRatesQuery
{
    /// <summary>Largest number of customers of an outage to price.</summary>
    public const double MaxCustomers = 10_000_000;

    private static readonly double[] s_curveHours = [0, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 36, 48];

    /// <summary>The document of <paramref name="rates"/> for <paramref name="request"/>, or the problems with the request.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static QueryResult<ComplaintRatesDocument> Run(ComplaintRateReport rates, ComplaintRatesRequest request)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<FieldProblem>();
        if (request.Customers is double c && !(c > 0 && c <= MaxCustomers))
        {
            problems.Add(new("customers", $"a number of customers between 0 (exclusive) and {MaxCustomers.ToString("N0", CultureInfo.InvariantCulture)}"));
        }

        if (request.DurationHours is double d && !(d >= 0 && d <= 720))
        {
            problems.Add(new("duration_hours", "hours between 0 and 720"));
        }

        if ((request.Customers is null) != (request.DurationHours is null))
        {
            problems.Add(new(request.Customers is null ? "customers" : "duration_hours", "give both customers and duration_hours for the expected complaints"));
        }

        if (request.Repeat is < 1 or > ComplaintRateModel.MaximumRepeatIndex)
        {
            problems.Add(new("repeat", $"between 1 and {ComplaintRateModel.MaximumRepeatIndex} (the n-th interruption in 12 months)"));
        }

        if (problems.Count > 0)
        {
            return QueryResult<ComplaintRatesDocument>.Invalid(problems);
        }

        ComplaintRateModel? model = rates.Model;
        int k = request.Repeat ?? 1;
        ExpectedComplaints? expected = model is not null && request.Customers is double customers && request.DurationHours is double hours
            ? new ExpectedComplaints(customers, hours, k, model.ExpectedComplaints(customers, hours, k))
            : null;
        RateCurvePoint[] curve = model is null ? [] : s_curveHours.Select(h => new RateCurvePoint(h, 1000 * model.ComplaintsPerCustomer(h, k))).ToArray();
        return QueryResult<ComplaintRatesDocument>.Answer(new ComplaintRatesDocument(
            rates.Complaints, rates.LinkedToOutages, rates.LinkedToOtherEpisodes, rates.Unlinked, rates.ByDuration, rates.ByRepeat,
            model, rates.Poisson, rates.Logistic, expected, curve));
    }
}
