using System.IO.Compression;
using System.Text.RegularExpressions;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage;
using Lumen.Host.Storage.DuckDb;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Api;

/// <summary>One network version as the API returns it.</summary>
internal sealed record NetworkVersionDocument(
    int Version, string Name, string ContentSha256, string? Case, DateTime ImportedAt,
    int Buses, int Branches, int Devices, int LoadPoints, long Customers, int Feeders, bool Current)
{
    public static NetworkVersionDocument Of(NetworkVersionInfo i, int? current) =>
        new(i.Version, i.Name, i.ContentSha256, i.CaseId, i.ImportedAt, i.Buses, i.Branches, i.Devices, i.LoadPoints, i.Customers, i.Feeders, i.Version == current);
}

/// <summary>Result of an upload.</summary>
internal sealed record ImportDocument(bool Created, NetworkVersionDocument Network, IReadOnlyList<string> Warnings);

/// <summary>Result of making a version current: whether it changed, the version current before, the one current now.</summary>
internal sealed record MakeCurrentDocument(bool Changed, int? Previous, NetworkVersionDocument Network);

/// <summary>A version with its counts.</summary>
internal sealed record NetworkDetailDocument(NetworkVersionDocument Network, NetworkSummary Summary);

/// <summary><c>/api/networks</c>: import (upload), versions, summary, trace; <c>/api/export</c>: CSV of every table.</summary>
internal static partial class NetworksApi
{
    private const int MaxFiles = 64;
    private static readonly string[] s_allowedExtensions = [".csv", ".json", ".dss", ".txt"];

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapNetworksApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/networks").WithTags("Networks");
        api.MapGet("/", List).WithName("ListNetworkVersions").WithSummary("Every stored network version, oldest first.");
        api.MapPost("/", ImportAsync).WithName("ImportNetwork")
            .WithSummary("Import a network as a new version: multipart/form-data with one .zip or the CSV files (buses.csv, branches.csv, devices.csv, load_points.csv, case.json); optional form fields name and case.")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        api.MapGet("/current", Current).WithName("GetCurrentNetwork").AddEndpointFilter<SnapshotResponseCache>().WithSummary("The version the results are computed on, with its counts.");
        api.MapGet("/{version:int}", GetAsync).WithName("GetNetwork").WithSummary("One version with its counts (NetworkSummary).");
        api.MapPost("/{version:int}/current", MakeCurrent).WithName("MakeNetworkCurrent")
            .WithSummary("Makes a stored version current again (the way back from a bad import): recorded in network_current_changes; the results are recomputed for it.");
        api.MapGet("/current-changes", CurrentChanges).WithName("ListCurrentNetworkChanges").WithSummary("Every change of the current version: imports and versions made current again, oldest first.");
        api.MapGet("/{version:int}/trace/{node}", TraceAsync).WithName("TraceNode").AddEndpointFilter<SnapshotResponseCache>()
            .WithSummary("Upstream path, protective device, isolation segment and alternate supply of one bus.");

        RouteGroupBuilder export = app.MapGroup("/api/export").WithTags("Export");
        export.MapGet("/{table}.csv", ExportAsync).WithName("ExportTable")
            .WithSummary("CSV of a stored table (network_versions, buses, branches, devices, load_points, reliability_system, reliability_feeders, reliability_load_points) for a version (default: current).");
        return app;
    }

    private static Ok<NetworkVersionDocument[]> List(NetworkRepository repository, NetworkCatalog catalog)
    {
        int? current = catalog.Current?.Info.Version;
        return TypedResults.Ok(repository.List().Select(v => NetworkVersionDocument.Of(v, current)).ToArray());
    }

    private static Results<Ok<NetworkDetailDocument>, ProblemHttpResult> Current(NetworkCatalog catalog)
    {
        NetworkSnapshot? snapshot = catalog.Current;
        return snapshot is null
            ? Problems.NotReady()
            : TypedResults.Ok(new NetworkDetailDocument(NetworkVersionDocument.Of(snapshot.Info, snapshot.Info.Version), snapshot.Summary));
    }

    private static Results<Ok<MakeCurrentDocument>, ProblemHttpResult> MakeCurrent(int version, NetworkRepository repository, NetworkCatalog catalog, ILoggerFactory loggers)
    {
        int? previous = repository.Latest()?.Version;
        if (repository.MakeCurrent(version, "api") is not (NetworkVersionInfo info, bool changed))
        {
            return Problems.NotFound("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (changed)
        {
            Services.Log.MadeCurrent(loggers.CreateLogger("Lumen.Host.Api.Networks"), info.Version, previous ?? 0, "api");
            catalog.SignalChanged();
        }

        return TypedResults.Ok(new MakeCurrentDocument(changed, previous, NetworkVersionDocument.Of(info, info.Version)));
    }

    private static Ok<CurrentVersionChange[]> CurrentChanges(NetworkRepository repository) => TypedResults.Ok(repository.CurrentChanges().ToArray());

    /// <summary>One version: the current one and those in memory at once; an earlier one rebuilt from the store under <see cref="ExpensiveReads"/>.</summary>
    private static async Task<Results<Ok<NetworkDetailDocument>, ProblemHttpResult>> GetAsync(int version, NetworkRepository repository, NetworkCatalog catalog, ExpensiveReads reads, CancellationToken cancellationToken)
    {
        if (catalog.Current is { } snapshot && snapshot.Info.Version == version)
        {
            return TypedResults.Ok(new NetworkDetailDocument(NetworkVersionDocument.Of(snapshot.Info, version), snapshot.Summary));
        }

        NetworkVersionInfo? info = repository.Find(version);
        if (info is null)
        {
            return Problems.NotFound("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Net? network = catalog.Cached(version);
        IReadOnlyList<Diagnostic> diagnostics = [];
        if (network is null)
        {
            (network, _, diagnostics) = await reads.RunAsync(() => catalog.GetNetwork(info, cancellationToken), cancellationToken);
        }

        return network is null
            ? Problems.Field("version", "the stored files no longer import: " + string.Join("; ", diagnostics), StatusCodes.Status422UnprocessableEntity)
            : TypedResults.Ok(new NetworkDetailDocument(NetworkVersionDocument.Of(info, catalog.Current?.Info.Version), NetworkSummary.Of(network)));
    }

    /// <summary>One bus's trace: on the current version and those in memory at once; an earlier one rebuilt from the store under <see cref="ExpensiveReads"/>.</summary>
    private static async Task<Results<Ok<NodeTrace>, ProblemHttpResult>> TraceAsync(
        int version, string node, NetworkRepository repository, NetworkCatalog catalog, ExpensiveReads reads, CancellationToken cancellationToken)
    {
        Net? network = catalog.Current is { } snapshot && snapshot.Info.Version == version ? snapshot.Network : catalog.Cached(version);
        if (network is null)
        {
            NetworkVersionInfo? info = repository.Find(version);
            if (info is null)
            {
                return Problems.NotFound("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            (network, _, _) = await reads.RunAsync(() => catalog.GetNetwork(info, cancellationToken), cancellationToken);
            if (network is null)
            {
                return Problems.Field("version", "the stored files no longer import", StatusCodes.Status422UnprocessableEntity);
            }
        }

        return network.TryGetNode(node, out NodeIndex index)
            ? TypedResults.Ok(NodeTrace.Of(network.Normal, index))
            : Problems.NotFound("node", node);
    }

    /// <summary>A stored table as CSV, streamed under <see cref="ExpensiveReads"/>.</summary>
    private static async Task<IResult> ExportAsync(string table, int? version, HttpContext context, NetworkRepository repository, NetworkCatalog catalog, ExpensiveReads reads)
    {
        if (!Schema.Exportable.ContainsKey(table))
        {
            return Problems.Field("table", $"'{table}' is not an exported table; one of: {string.Join(", ", Schema.Exportable.Keys)}", StatusCodes.Status404NotFound);
        }

        int? v = version ?? catalog.Current?.Info.Version;
        if (v is null)
        {
            return Problems.NotReady();
        }

        if (repository.Find(v.Value) is null)
        {
            return Problems.NotFound("version", v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await reads.StreamAsync(
            async () =>
            {
                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"{table}-v{v.Value}.csv\"";
                await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false));
                await repository.ExportCsvAsync(table, v.Value, writer, context.RequestAborted);
                await writer.FlushAsync(context.RequestAborted);
            },
            context.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IResult> ImportAsync(
        HttpRequest request,
        NetworkRepository repository,
        NetworkCatalog catalog,
        IOptions<ServerOptions> serverOptions,
        IOptions<StoreOptions> storeOptions,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Problems.Field("content-type", "send multipart/form-data with one .zip or the network's CSV files", StatusCodes.Status415UnsupportedMediaType);
        }

        IFormCollection form = await request.ReadFormAsync(cancellationToken);
        string name = form["name"].ToString();
        if (name.Length == 0)
        {
            name = "upload";
        }
        else if (!SafeName().IsMatch(name))
        {
            return Problems.Field("name", "use 1-100 letters, digits, '.', '_' or '-'");
        }

        string? caseId = form["case"].ToString() is { Length: > 0 } c ? c : null;
        if (caseId is not null && !SafeName().IsMatch(caseId))
        {
            return Problems.Field("case", "use 1-100 letters, digits, '.', '_' or '-'");
        }

        if (form.Files.Count == 0)
        {
            return Problems.Field("files", "no file was uploaded");
        }

        if (form.Files.Count > MaxFiles)
        {
            return Problems.Field("files", $"at most {MaxFiles} files");
        }

        string folder = new PrivateTemp(storeOptions.Value.DataDirectory).NewFolder("network");
        try
        {
            ProblemHttpResult? problem = form.Files.Count == 1 && form.Files[0].FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                ? await ExtractZipAsync(form.Files[0], folder, serverOptions.Value.MaxUploadBytes * 8, cancellationToken)
                : await SaveFilesAsync(form.Files, folder, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            ImportOutcome outcome = await Task.Run(() => repository.Import(EntryOf(folder), name, caseId), cancellationToken);
            if (outcome.Status == ImportStatus.Invalid)
            {
                return Problems.Invalid(outcome.Diagnostics, "the network");
            }

            NetworkVersionInfo info = outcome.Version!;
            ILogger logger = loggers.CreateLogger("Lumen.Host.Api.Networks");
            Services.Log.Imported(logger, info.Version, info.Name, info.Buses, info.Customers, outcome.Status.ToString().ToLowerInvariant());
            string[] warnings = outcome.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Error).Select(d => $"{Problems.KeyOf(d)}: {d.Message}").ToArray();
            var doc = new ImportDocument(outcome.Status == ImportStatus.Created, NetworkVersionDocument.Of(info, catalog.Current?.Info.Version), warnings);
            if (outcome.Status == ImportStatus.Unchanged)
            {
                return TypedResults.Ok(doc);
            }

            catalog.Remember(info.Version, outcome.Network!, outcome.Case);
            catalog.SignalChanged();
            return TypedResults.Created($"/api/networks/{info.Version}", doc);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string EntryOf(string folder)
    {
        string[] dss = Directory.GetFiles(folder, "*.dss");
        if (dss.Length == 0)
        {
            return folder;
        }

        // An OpenDSS upload names its master file "master.dss" or has exactly one .dss file.
        string master = Path.Combine(folder, "master.dss");
        return File.Exists(master) ? master : dss.Length == 1 ? dss[0] : folder;
    }

    private static async Task<ProblemHttpResult?> SaveFilesAsync(IFormFileCollection files, string folder, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (IFormFile file in files)
        {
            if (CheckFileName(file.FileName, "files") is { } problem)
            {
                return problem;
            }

            if (!seen.Add(file.FileName))
            {
                return Problems.Field($"files[{file.FileName}]", "uploaded twice");
            }

            await using FileStream target = PrivateTemp.Create(Path.Combine(folder, file.FileName));
            await file.CopyToAsync(target, cancellationToken);
        }

        return null;
    }

    private static async Task<ProblemHttpResult?> ExtractZipAsync(IFormFile upload, string folder, long maxExpandedBytes, CancellationToken cancellationToken)
    {
        // The zip is copied to a plain file first: the form's stream cannot seek before its start, which the zip reader
        // does on a file that is not a zip.
        string copy = folder + ".zip";
        await using (FileStream file = PrivateTemp.Create(copy))
        {
            await upload.CopyToAsync(file, cancellationToken);
        }

        await using var stream = new FileStream(copy, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.DeleteOnClose);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return NotAZip(upload, ex);
        }

        using (archive)
        {
            try
            {
                return await ExtractEntriesAsync(archive, upload, folder, maxExpandedBytes, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                // A damaged entry (bad header, compressed data or checksum) shows only when it is read.
                return NotAZip(upload, ex);
            }
        }
    }

    private static ProblemHttpResult NotAZip(IFormFile upload, Exception ex) =>
        Problems.Field($"files[{upload.FileName}]", "not a readable zip archive: " + ex.Message);

    private static async Task<ProblemHttpResult?> ExtractEntriesAsync(ZipArchive archive, IFormFile upload, string folder, long maxExpandedBytes, CancellationToken cancellationToken)
    {
        if (archive.Entries.Count > MaxFiles)
        {
            return Problems.Field($"files[{upload.FileName}]", $"at most {MaxFiles} entries");
        }

        long expanded = 0;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ZipArchiveEntry entry in archive.Entries)
        {
            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }

            // Entries must be plain file names: no folders, no '..', no absolute paths (zip-slip).
            if (CheckFileName(entry.FullName, $"files[{upload.FileName}]") is { } problem)
            {
                return problem;
            }

            if (!seen.Add(entry.FullName))
            {
                return Problems.Field($"files[{upload.FileName}]/{entry.FullName}", "the archive holds this name twice");
            }

            await using Stream source = await entry.OpenAsync(cancellationToken);
            await using FileStream target = PrivateTemp.Create(Path.Combine(folder, entry.FullName));
            var buffer = new byte[81920];
            int n;
            while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                expanded += n;
                if (expanded > maxExpandedBytes)
                {
                    return Problems.Field($"files[{upload.FileName}]", $"expands to more than {maxExpandedBytes} bytes", StatusCodes.Status413PayloadTooLarge);
                }

                await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            }
        }

        return seen.Count == 0 ? Problems.Field($"files[{upload.FileName}]", "the archive holds no file") : null;
    }

    private static ProblemHttpResult? CheckFileName(string fileName, string field)
    {
        if (!SafeFileName().IsMatch(fileName) || fileName.Contains("..", StringComparison.Ordinal))
        {
            return Problems.Field(field, $"'{fileName}' is not an accepted file name: plain names only (letters, digits, '.', '_', '-'), no folders or '..'");
        }

        string extension = Path.GetExtension(fileName).ToLowerInvariant();
        return Array.IndexOf(s_allowedExtensions, extension) < 0
            ? Problems.Field(field, $"'{fileName}': only {string.Join(", ", s_allowedExtensions)} files (or one .zip holding them)")
            : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex SafeFileName();
}
