using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// Temporary files stay private inside the data directory: an upload in progress is buffered under
/// <c>&lt;data&gt;/tmp</c> (0700 folder, 0600 file), never as <c>ASPNETCORE_*.tmp</c> in the system's temporary folder;
/// it is gone when the request ends, and what a killed process left behind is removed at the next start.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class TempFilesTests : IDisposable
{
    private const UnixFileMode AllModes = (UnixFileMode)0x1FF;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lumen-temp-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Upload_IsBufferedPrivatelyInTheDataDirectory_LeftoversAreCleanedAtStart()
    {
        // What a kill -9 left: a buffered upload and an extracted one (the folder of earlier versions).
        string staleTmp = Path.Combine(_data, "tmp", "form-dead", "0");
        string staleUpload = Path.Combine(_data, "uploads", "0123", "buses.csv");
        foreach (string stale in new[] { staleTmp, staleUpload })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
            await File.WriteAllTextAsync(stale, "id\n");
        }

        await using LumenApp app = await LumenApp.StartKestrelAsync(new Dictionary<string, string?> { ["Lumen:Store:DataDirectory"] = _data, ["Lumen:Store:SeedDemo"] = "false" });
        Assert.False(File.Exists(staleTmp));
        Assert.False(Directory.Exists(Path.Combine(_data, "uploads")));
        string tmp = Path.Combine(_data, "tmp");
        Assert.Equal(PrivateTempMode(UnixFileMode.UserExecute), File.GetUnixFileMode(tmp) & AllModes);

        // An upload held open after 300 kB of its file: where is it buffered?
        var release = new TaskCompletionSource();
        var body = new PausingContent(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"buses.csv\"\r\nContent-Type: text/csv\r\n\r\nid,kind,nominal_kv\n")
            .Concat(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("B0000001,load,10\n", 300_000 / 17)))).ToArray(), Encoding.ASCII.GetBytes("\r\n--b--\r\n"), release.Task);
        Task<HttpResponseMessage> post = app.Client.PostAsync("/api/networks", body);
        string? buffered = null;
        for (int i = 0; i < 300 && buffered is null; i++)
        {
            await Task.Delay(100);
            buffered = Directory.EnumerateFiles(tmp, "*", SearchOption.AllDirectories).FirstOrDefault(f => new FileInfo(f).Length > 200_000);
        }

        try
        {
            Assert.True(buffered is not null, "the upload was not buffered under <data>/tmp");
            Assert.Equal(PrivateTempMode(0), File.GetUnixFileMode(buffered) & AllModes);
            Assert.Equal(PrivateTempMode(UnixFileMode.UserExecute), File.GetUnixFileMode(Path.GetDirectoryName(buffered)!) & AllModes);
            string[] open = [.. Directory.GetFiles("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget ?? string.Empty)];
            Assert.DoesNotContain(open, f => Path.GetFileName(f).StartsWith("ASPNETCORE_", StringComparison.Ordinal));
            Assert.Contains(buffered, open);
        }
        finally
        {
            release.SetResult();
        }

        HttpResponseMessage response = await post;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);

        // The response may reach the client just before the request's files are deleted.
        for (int i = 0; i < 50 && Directory.EnumerateFileSystemEntries(tmp).Any(); i++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
    }

    private static UnixFileMode PrivateTempMode(UnixFileMode execute) => UnixFileMode.UserRead | UnixFileMode.UserWrite | execute;

    /// <summary>A multipart body sent in two parts: the second only once <c>release</c> completes (chunked, no length).</summary>
    private sealed class PausingContent : HttpContent
    {
        private readonly byte[] _first;
        private readonly byte[] _rest;
        private readonly Task _release;

        public PausingContent(byte[] first, byte[] rest, Task release)
        {
            (_first, _rest, _release) = (first, rest, release);
            Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_first);
            await stream.FlushAsync();
            await _release;
            await stream.WriteAsync(_rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
