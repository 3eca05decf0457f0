using System.Text.RegularExpressions;
using Lumen.Host.Options;
using Lumen.Host.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lumen.Host.Api;

/// <summary>
/// CSV files uploaded as multipart/form-data, saved in a private folder under the store's <c>tmp/</c> (deleted on
/// dispose) so that the library readers name them in their diagnostics. The one home of the checks every CSV upload
/// endpoint makes: content type, file count, plain <c>.csv</c> names (no path, no <c>..</c>), no name twice.
/// </summary>
internal sealed partial class CsvUpload : IDisposable
{
    private CsvUpload(string folder, IReadOnlyList<string> names)
    {
        Folder = folder;
        Names = names;
    }

    /// <summary>The private folder holding the files.</summary>
    public string Folder { get; }

    /// <summary>The names the files were saved under, in upload order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Full paths of the files, in upload order.</summary>
    public IEnumerable<string> Paths => Names.Select(n => Path.Combine(Folder, n));

    /// <summary>Full path of the file saved as <paramref name="name"/>, or null when none was uploaded under it.</summary>
    public string? Find(string name) => Names.Contains(name, StringComparer.Ordinal) ? Path.Combine(Folder, name) : null;

    /// <summary>A problem naming the first received file that is not one of <paramref name="accepted"/>, or null when all are.</summary>
    public ProblemHttpResult? Unexpected(IReadOnlyList<string> accepted) =>
        Names.FirstOrDefault(n => !accepted.Contains(n, StringComparer.Ordinal)) is { } name
            ? Problems.Field($"files[{name}]", $"not one of {string.Join(", ", accepted)}")
            : null;

    /// <summary>Checks and saves the request's files; on failure returns the problem to answer with (nothing is saved).</summary>
    /// <param name="request">The request.</param>
    /// <param name="store">Store options (where <c>uploads/</c> is).</param>
    /// <param name="maxFiles">Most files accepted.</param>
    /// <param name="what">What to send, for the 415 message (e.g. "one asset register CSV").</param>
    /// <param name="savedName">Maps an accepted upload name to the name it is saved under; null keeps it.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public static async Task<(CsvUpload? Upload, ProblemHttpResult? Problem)> ReceiveAsync(
        HttpRequest request, StoreOptions store, int maxFiles, string what, Func<string, string>? savedName, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, Problems.Field("content-type", "send multipart/form-data with " + what, StatusCodes.Status415UnsupportedMediaType));
        }

        IFormCollection form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.Count == 0 || form.Files.Count > maxFiles)
        {
            return (null, Problems.Field("files", $"send {what} ({form.Files.Count} file(s) given)"));
        }

        var names = new List<string>(form.Files.Count);
        foreach (IFormFile file in form.Files)
        {
            if (!PlainCsvName().IsMatch(file.FileName) || file.FileName.Contains("..", StringComparison.Ordinal))
            {
                return (null, Problems.Field($"files[{file.FileName}]", "not accepted: a plain .csv file name (letters, digits, '.', '_', '-')"));
            }

            string name = savedName?.Invoke(file.FileName) ?? file.FileName;
            if (names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return (null, Problems.Field($"files[{file.FileName}]", "uploaded twice"));
            }

            names.Add(name);
        }

        var upload = new CsvUpload(new PrivateTemp(store.DataDirectory).NewFolder("upload"), names);
        try
        {
            for (int i = 0; i < names.Count; i++)
            {
                await using FileStream target = PrivateTemp.Create(Path.Combine(upload.Folder, names[i]));
                await form.Files[i].CopyToAsync(target, cancellationToken);
            }
        }
        catch
        {
            upload.Dispose();
            throw;
        }

        return (upload, null);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in tmp/ (removed at the next start); it is never read again.
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,123}\\.csv$", RegexOptions.IgnoreCase)]
    private static partial Regex PlainCsvName();
}
