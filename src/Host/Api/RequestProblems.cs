using Lumen.Topology.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lumen.Host.Api;

/// <summary>A library's <see cref="FieldProblem"/>s as one problem+json: 404 when every problem names something that does not exist, else 400.</summary>
internal static class RequestProblems
{
    /// <param name="problems">The problems.</param>
    /// <param name="notFoundStatus">The status when every problem names something that does not exist: 404 for a resource the URL names, 422 for a body that names it.</param>
    public static ProblemHttpResult ToProblem(this IReadOnlyList<FieldProblem> problems, int notFoundStatus = StatusCodes.Status404NotFound)
    {
        int status = problems.All(p => p.NotFound) ? notFoundStatus : StatusCodes.Status400BadRequest;
        if (problems.Count == 1)
        {
            return Problems.Field(problems[0].Field, problems[0].Message, status);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (FieldProblem p in problems)
        {
            errors[p.Field] = errors.TryGetValue(p.Field, out string[]? list) ? [.. list, p.Message] : [p.Message];
        }

        return Problems.Fields(errors, status, string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
    }
}
