namespace Lumen.Topology.Requests;

/// <summary>What is wrong with one field of a request (a query parameter, a command-line option or a JSON field).</summary>
/// <param name="Field">The field, as the request names it in snake_case (<c>from</c>, <c>exclude_med</c>, <c>changes[0].branch</c>).</param>
/// <param name="Message">What is wrong and what is accepted, in words a planner understands.</param>
/// <param name="NotFound">The value is well formed but names nothing that exists (an unknown feeder, cause or asset).</param>
public sealed record FieldProblem(string Field, string Message, bool NotFound = false);

/// <summary>
/// The answer to a user's question, or the problems with the question that prevented one: expected failures of user
/// input are results, not exceptions (STYLE §17), so the CLI and the API report them the same way.
/// </summary>
/// <typeparam name="T">The answer's document type.</typeparam>
/// <remarks>Immutable. Exactly one of <see cref="Value"/> and a non-empty <see cref="Problems"/> is set.</remarks>
public sealed class QueryResult<T>
    where T : class
{
    private QueryResult(T? value, IReadOnlyList<FieldProblem> problems)
    {
        Value = value;
        Problems = problems;
    }

    /// <summary>The answer; null when there are problems.</summary>
    public T? Value { get; }

    /// <summary>The problems with the request; empty when answered.</summary>
    public IReadOnlyList<FieldProblem> Problems { get; }

    /// <summary>An answer.</summary>
    public static QueryResult<T> Answer(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, []);
    }

    /// <summary>No answer because of <paramref name="problems"/> (at least one).</summary>
    public static QueryResult<T> Invalid(IReadOnlyList<FieldProblem> problems)
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        return new(null, problems);
    }

    /// <summary>No answer because of one problem.</summary>
    public static QueryResult<T> Invalid(string field, string message, bool notFound = false) => Invalid([new FieldProblem(field, message, notFound)]);
}
