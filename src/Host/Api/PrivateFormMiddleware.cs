using Lumen.Host.Storage;
using Lumen.Host.Storage.DuckDb;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Lumen.Host.Api;

/// <summary>
/// Reads the multipart form of an upload endpoint into the store's private temporary folder before the handler
/// asks for it. ASP.NET's own form reader buffers large files as <c>ASPNETCORE_*.tmp</c> in the system's temporary
/// folder (readable by others, left behind by a kill); this one writes each file as 0600 under
/// <c>&lt;data&gt;/tmp/form-…/</c>, deleted when the request ends (or at the next start after a kill). Handlers keep
/// calling <c>ReadFormAsync</c> and get this form.
/// </summary>
internal sealed class PrivateFormMiddleware(RequestDelegate next, DuckDbStore store)
{
    private const int MaxFields = 1024;
    private const int MaxFieldBytes = 64 * 1024;

    /// <summary>Reads the form (upload endpoints with a multipart body only), runs the handler, deletes the files.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (!RequestSizeLimitMiddleware.IsUpload(context) || !TryBoundary(context.Request, out string? boundary))
        {
            await next(context);
            return;
        }

        string folder = store.Temp.NewFolder("form");
        var streams = new List<FileStream>();
        try
        {
            IResult? problem;
            try
            {
                problem = await ReadAsync(context, boundary!, folder, streams);
            }
            catch (IOException ex) when (ex is not BadHttpRequestException)
            {
                problem = Problems.Field("body", "not a readable multipart/form-data body: " + ex.Message);
            }

            if (problem is not null)
            {
                await problem.ExecuteAsync(context);
                return;
            }

            await next(context);
        }
        finally
        {
            foreach (FileStream stream in streams)
            {
                await stream.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool TryBoundary(HttpRequest request, out string? boundary)
    {
        boundary = null;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        return !string.IsNullOrEmpty(boundary) && boundary.Length <= 70;
    }

    private static async Task<IResult?> ReadAsync(HttpContext context, string boundary, string folder, List<FileStream> streams)
    {
        var reader = new MultipartReader(boundary, context.Request.Body);
        var fields = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        var files = new FormFileCollection();
        int count = 0;
        while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
        {
            if (++count > MaxFields)
            {
                return Problems.Field("body", $"at most {MaxFields} form parts");
            }

            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                return Problems.Field("body", "every form part needs Content-Disposition: form-data");
            }

            string name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            if (disposition.IsFileDisposition())
            {
                string fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? string.Empty;

                // Saved under a number: the client's name is only a label, checked by the handler.
                FileStream stream = PrivateTemp.Create(Path.Combine(folder, files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                streams.Add(stream);
                await section.Body.CopyToAsync(stream, context.RequestAborted);
                stream.Position = 0;
                files.Add(new FormFile(stream, 0, stream.Length, name, fileName) { Headers = new HeaderDictionary(section.Headers) });
            }
            else
            {
                using var text = new StreamReader(section.Body);
                char[] buffer = new char[MaxFieldBytes + 1];
                int read = await text.ReadBlockAsync(buffer, context.RequestAborted);
                if (read > MaxFieldBytes)
                {
                    return Problems.Field(Quote.Prefix(name), $"a form field holds at most {MaxFieldBytes} characters");
                }

                fields[name] = StringValues.Concat(fields.GetValueOrDefault(name), new string(buffer, 0, read));
            }
        }

        var feature = new FormFeature(context.Request) { Form = new FormCollection(fields, files) };
        context.Features.Set<IFormFeature>(feature);
        return null;
    }
}
