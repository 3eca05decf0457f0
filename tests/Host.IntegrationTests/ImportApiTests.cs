using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Network uploads: versions, idempotency, all-or-nothing, and hostile uploads rejected with the store unchanged.</summary>
public sealed class ImportApiTests : IAsyncLifetime
{
    private LumenApp _app = null!;
    private List<(string Name, byte[] Content)> _files = null!;

    public async Task InitializeAsync()
    {
        _app = await LumenApp.StartAsync();
        string folder = Path.Combine(_app.DataDirectory, "other");
        LumenCsvWriter.Write(DemoGrid.Generate(400, 7).Build().Network!, folder);
        _files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Client => _app.Client;

    private int VersionCount => _app.Get<NetworkRepository>().List().Count;

    [Fact]
    public async Task Upload_CsvFiles_CreatesVersion2_ThenRecomputes()
    {
        HttpResponseMessage response = await Client.PostAsync("/api/networks", Http.Files(_files, "feeder-study"));
        JsonElement doc = await Http.JsonAsync(response, HttpStatusCode.Created);
        Assert.True(doc.GetProperty("created").GetBoolean());
        Assert.Equal(2, doc.GetProperty("network").GetProperty("version").GetInt32());
        Assert.Equal("/api/networks/2", response.Headers.Location!.OriginalString);

        for (int i = 0; i < 600 && _app.Get<Services.NetworkCatalog>().Current!.Info.Version != 2; i++)
        {
            await Task.Delay(100);
        }

        JsonElement system = await Http.JsonAsync(await Client.GetAsync("/api/reliability"));
        Assert.Equal(2, system.GetProperty("version").GetInt32());
        JsonElement v1 = await Http.JsonAsync(await Client.GetAsync("/api/networks/1"));
        Assert.InRange(v1.GetProperty("summary").GetProperty("buses").GetInt32(), 800, 1200);
    }

    [Fact]
    public async Task Upload_SameContentTwice_IsDetected()
    {
        await Http.JsonAsync(await Client.PostAsync("/api/networks", Http.Files(_files)), HttpStatusCode.Created);
        JsonElement again = await Http.JsonAsync(await Client.PostAsync("/api/networks", Http.Files(_files)));
        Assert.False(again.GetProperty("created").GetBoolean());
        Assert.Equal(2, again.GetProperty("network").GetProperty("version").GetInt32());

        // The same files zipped are the same content.
        JsonElement zipped = await Http.JsonAsync(await Client.PostAsync("/api/networks", Zip(_files)));
        Assert.False(zipped.GetProperty("created").GetBoolean());
        Assert.Equal(2, VersionCount);
    }

    [Fact]
    public async Task Upload_Zip_CreatesVersion() =>
        await Http.JsonAsync(await Client.PostAsync("/api/networks", Zip(_files)), HttpStatusCode.Created);

    [Fact]
    public async Task Upload_InvalidCsv_Is422NamingFileLineAndField_StoreUnchanged()
    {
        List<(string Name, byte[] Content)> files = [.. _files];
        int b = files.FindIndex(f => f.Name == "branches.csv");
        string[] lines = Encoding.UTF8.GetString(files[b].Content).Split('\n');
        string[] header = lines[0].TrimEnd('\r').Split(',');
        string[] row = lines[3].TrimEnd('\r').Split(',');
        row[Array.IndexOf(header, "length_km")] = "-5";
        lines[3] = string.Join(',', row);
        files[b] = ("branches.csv", Encoding.UTF8.GetBytes(string.Join('\n', lines)));

        JsonElement problem = await Http.ProblemAsync(await Client.PostAsync("/api/networks", Http.Files(files)), HttpStatusCode.UnprocessableEntity, "branches.csv:4:length_km");
        Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, VersionCount);
    }

    [Theory]
    [InlineData("../buses.csv")]
    [InlineData("..\\buses.csv")]
    [InlineData("/etc/passwd.csv")]
    [InlineData("sub/buses.csv")]
    [InlineData("buses.exe")]
    [InlineData(".hidden.csv")]
    public async Task Upload_HostileFileName_Is400_StoreUnchanged(string fileName)
    {
        List<(string Name, byte[] Content)> files = [(fileName, "id\n"u8.ToArray()), .. _files];
        HttpResponseMessage response = await Client.PostAsync("/api/networks", Http.Files(files));
        await Http.ProblemAsync(response, HttpStatusCode.BadRequest, "files");
        Assert.Equal(1, VersionCount);
        Assert.False(File.Exists(Path.Combine(_app.DataDirectory, "buses.csv")));
    }

    [Theory]
    [InlineData("../evil.csv")]
    [InlineData("/abs.csv")]
    [InlineData("nested/buses.csv")]
    public async Task Upload_ZipSlipEntry_Is400_StoreUnchanged(string entry)
    {
        List<(string Name, byte[] Content)> files = [.. _files, (entry, "x"u8.ToArray())];
        await Http.ProblemAsync(await Client.PostAsync("/api/networks", Zip(files)), HttpStatusCode.BadRequest, "files");
        Assert.Equal(1, VersionCount);
        Assert.False(File.Exists(Path.Combine(_app.DataDirectory, "evil.csv")));
    }

    [Fact]
    public async Task Upload_NotAZip_Is400() =>
        await Http.ProblemAsync(await Client.PostAsync("/api/networks", Http.Files([("net.zip", "not a zip"u8.ToArray())])), HttpStatusCode.BadRequest, "files");

    [Fact]
    public async Task Upload_ZipWithADamagedEntry_Is400_StoreUnchanged()
    {
        // The archive's directory is whole, the first entry's deflate stream is not: its first block claims the reserved
        // block type 3, which only shows when the entry is read.
        byte[] zip = ZipBytes(_files);
        Assert.Equal(0x04034b50, BitConverter.ToInt32(zip, 0));
        int data = 30 + BitConverter.ToUInt16(zip, 26) + BitConverter.ToUInt16(zip, 28);
        zip[data] = 0x07;
        await Http.ProblemAsync(await Client.PostAsync("/api/networks", Http.Files([("network.zip", zip)])), HttpStatusCode.BadRequest, "files[network.zip]");
        Assert.Equal(1, VersionCount);
    }

    [Fact]
    public async Task Upload_NoFiles_Is400()
    {
        var form = new MultipartFormDataContent { { new StringContent("x"), "name" } };
        await Http.ProblemAsync(await Client.PostAsync("/api/networks", form), HttpStatusCode.BadRequest, "files");
    }

    [Fact]
    public async Task Upload_BadName_Is400() =>
        await Http.ProblemAsync(await Client.PostAsync("/api/networks", Http.Files(_files, "../../x")), HttpStatusCode.BadRequest, "name");

    [Fact]
    public async Task Upload_NotMultipart_Is415() =>
        await Http.ProblemAsync(await Client.PostAsync("/api/networks", Http.JsonBody("{}")), HttpStatusCode.UnsupportedMediaType, "content-type");

    [Fact]
    public async Task Upload_OverLimit_Is413_StoreUnchanged()
    {
        await using LumenApp small = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Server:MaxUploadBytes"] = "100000" });
        var big = new byte[200_000];
        await Http.ProblemAsync(await small.Client.PostAsync("/api/networks", Http.Files([("buses.csv", big)])), HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Single(small.Get<NetworkRepository>().List());
        Assert.Equal(HttpStatusCode.OK, (await small.Client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Upload_ZipBomb_Is413()
    {
        await using LumenApp small = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Server:MaxUploadBytes"] = "100000" });
        List<(string Name, byte[] Content)> bomb = [("buses.csv", new byte[2_000_000])];
        await Http.ProblemAsync(await small.Client.PostAsync("/api/networks", Zip(bomb)), HttpStatusCode.RequestEntityTooLarge, "files");
        Assert.Single(small.Get<NetworkRepository>().List());
    }

    [Fact]
    public async Task Writes_WithApiKeyConfigured_RequireTheKey()
    {
        await using LumenApp keyed = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Server:ApiKey"] = "s3cret-key-for-tests" });
        await Http.ProblemAsync(await keyed.Client.PostAsync("/api/networks", Http.Files(_files)), HttpStatusCode.Unauthorized, "X-Api-Key");
        await Http.ProblemAsync(await keyed.Client.PostAsync("/api/reliability/what-if", Http.JsonBody("{}")), HttpStatusCode.Unauthorized, "X-Api-Key");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/networks") { Content = Http.Files(_files) };
        request.Headers.Add("X-Api-Key", "s3cret-key-for-tests");
        await Http.JsonAsync(await keyed.Client.SendAsync(request), HttpStatusCode.Created);

        // Reads stay open.
        Assert.Equal(HttpStatusCode.OK, (await keyed.Client.GetAsync("/api/networks")).StatusCode);
    }

    private static MultipartFormDataContent Zip(IEnumerable<(string Name, byte[] Content)> files) => Http.Files([("network.zip", ZipBytes(files))]);

    private static byte[] ZipBytes(IEnumerable<(string Name, byte[] Content)> files)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] content) in files)
            {
                using Stream s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
