using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Uploads of outages and complaints: revisions, re-imports, bad files and size limits, against the store's row counts.</summary>
public sealed class HistoryStoreTests
{
    private static readonly string[] s_tables = ["history_batches", "outage_events", "outage_restoration_steps", "outage_momentary", "complaints"];

    [Fact]
    public async Task OutageUploads_NewRevision_Unchanged_AndBadFilesLeaveTheStoreAlone()
    {
        await using LumenApp app = await LumenApp.StartAsync();
        string history = Path.Combine(app.DataDirectory, "demo", "history");
        byte[] outages = File.ReadAllBytes(Path.Combine(history, "outages.csv"));
        byte[] steps = File.ReadAllBytes(Path.Combine(history, "restoration_steps.csv"));

        // Seeded content again (without momentary.csv it is a different file set): a new revision of the dataset.
        long[] seeded = Counts(app);
        JsonElement created = await Http.JsonAsync(await Post(app, "/api/outages", ("outages.csv", outages), ("restoration_steps.csv", steps)), HttpStatusCode.Created);
        Assert.True(created.GetProperty("created").GetBoolean());
        int batch = created.GetProperty("batch").GetProperty("batch").GetInt32();
        Assert.Equal(3, batch);
        long[] afterCreate = Counts(app);
        Assert.Equal(seeded[0] + 1, afterCreate[0]);
        Assert.Equal(seeded[1] * 2, afterCreate[1]);
        Assert.Equal(seeded[3], afterCreate[3]);

        // The slice picks the new batch up, and it has no momentary records now.
        HistoryResults results = await WaitForBatchAsync(app, batch);
        Assert.Empty(results.History!.Momentary);
        Assert.Equal(0, (await Http.JsonAsync(await app.Client.GetAsync("/api/outages"))).GetProperty("all_days").GetProperty("maifi").GetDouble());

        // Identical content: unchanged, nothing written.
        JsonElement again = await Http.JsonAsync(await Post(app, "/api/outages", ("outages.csv", outages), ("restoration_steps.csv", steps)));
        Assert.False(again.GetProperty("created").GetBoolean());
        Assert.Equal(batch, again.GetProperty("batch").GetProperty("batch").GetInt32());
        Assert.Equal(afterCreate, Counts(app));

        // A bad cell on line 5: 422 naming file, line and field; nothing written.
        string[] lines = Encoding.UTF8.GetString(outages).Split('\n');
        lines[4] = lines[4][..lines[4].LastIndexOf(',')] + ",bogus";
        byte[] bad = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        await Http.ProblemAsync(await Post(app, "/api/outages", ("outages.csv", bad)), HttpStatusCode.UnprocessableEntity, "outages.csv:5:nature");

        // An unknown device in restoration steps fails the whole import too.
        byte[] badSteps = Encoding.UTF8.GetBytes("event_id,time,device_id\nNOPE,2024-01-01T00:00:00+08:00,X\n");
        await Http.ProblemAsync(await Post(app, "/api/outages", ("outages.csv", outages), ("restoration_steps.csv", badSteps)), HttpStatusCode.UnprocessableEntity, "restoration_steps.csv:2");
        await Http.ProblemAsync(await Post(app, "/api/outages", ("restoration_steps.csv", steps)), HttpStatusCode.BadRequest, "files");
        await Http.ProblemAsync(await Post(app, "/api/outages", ("outages.csv", outages), ("notes.csv", steps)), HttpStatusCode.BadRequest, "files[notes.csv]");
        Assert.Equal(afterCreate, Counts(app));
    }

    [Fact]
    public async Task ComplaintUploads_CreatedUnchangedAndInvalid()
    {
        await using LumenApp app = await LumenApp.StartAsync();
        string path = Path.Combine(app.DataDirectory, "demo", "history", "complaints.csv");
        string[] lines = File.ReadAllLines(path);
        byte[] half = Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(lines.Length / 2)) + "\n");
        long[] before = Counts(app);

        JsonElement created = await Http.JsonAsync(await Post(app, "/api/complaints", ("complaints_2025.csv", half)), HttpStatusCode.Created);
        Assert.Equal((lines.Length / 2) - 1, created.GetProperty("batch").GetProperty("rows").GetInt32());
        Assert.Equal("complaints_2025.csv", created.GetProperty("batch").GetProperty("file_name").GetString());
        HistoryResults results = await WaitForAsync(app, r => r.Complaints?.Batch == created.GetProperty("batch").GetProperty("batch").GetInt32());
        Assert.Equal((lines.Length / 2) - 1, results.Summary!.Complaints);
        long[] after = Counts(app);
        Assert.Equal(before[4] + (lines.Length / 2) - 1, after[4]);

        Assert.False((await Http.JsonAsync(await Post(app, "/api/complaints", ("complaints_2025.csv", half)))).GetProperty("created").GetBoolean());

        string[] broken = (string[])lines.Clone();
        string[] cells = broken[3].Split(',');
        cells[2] = "NO-SUCH-AREA";
        broken[3] = string.Join(',', cells);
        await Http.ProblemAsync(await Post(app, "/api/complaints", ("complaints.csv", Encoding.UTF8.GetBytes(string.Join('\n', broken)))), HttpStatusCode.UnprocessableEntity, "complaints.csv:4:location_id");
        await Http.ProblemAsync(await Post(app, "/api/complaints", ("complaints.xlsx", half)), HttpStatusCode.BadRequest, "files");
        Assert.Equal(after, Counts(app));
    }

    [Fact]
    public async Task Upload_OverTheLimit_Is413_AndNothingIsWritten()
    {
        await using LumenApp app = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Server:MaxUploadBytes"] = "5000" });
        byte[] outages = File.ReadAllBytes(Path.Combine(app.DataDirectory, "demo", "history", "outages.csv"));
        Assert.True(outages.Length > 5_000, "the demo file is larger than the limit");
        long[] before = Counts(app);
        await Http.ProblemAsync(await Post(app, "/api/outages", ("outages.csv", outages)), HttpStatusCode.RequestEntityTooLarge, "body");
        await Http.ProblemAsync(await Post(app, "/api/complaints", ("complaints.csv", outages)), HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(before, Counts(app));
    }

    private static Task<HttpResponseMessage> Post(LumenApp app, string url, params (string Name, byte[] Content)[] files) =>
        app.Client.PostAsync(url, Http.Files(files));

    private static long[] Counts(LumenApp app)
    {
        using var connection = app.Get<DuckDbStore>().Open();
        using var command = connection.CreateCommand();
        var counts = new long[s_tables.Length];
        for (int i = 0; i < s_tables.Length; i++)
        {
            command.CommandText = $"SELECT count(*) FROM {s_tables[i]}";
            counts[i] = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static Task<HistoryResults> WaitForBatchAsync(LumenApp app, int batch) => WaitForAsync(app, r => r.Outages?.Batch == batch);

    private static async Task<HistoryResults> WaitForAsync(LumenApp app, Func<HistoryResults, bool> done)
    {
        HistoryCatalog catalog = app.Get<HistoryCatalog>();
        for (int i = 0; i < 300; i++)
        {
            if (catalog.Current is { } r && done(r))
            {
                return r;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the history slice did not pick up the import");
    }
}
