using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Engine;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.TestSupport;
using static TorchSharp.torch;

namespace RadCnn.Host.Tests.Web.Dashboard;

/// <summary>
/// The overview's engine and queue figures from the running service: with one worker held by a
/// plugin that waits, the other two series' jobs are the plugin's queue; requests sent to the
/// service's own inference engine show as that model's batches (sizes within the configured largest
/// batch); the engine's device is the one it reports. The same figures are on the overview page.
/// </summary>
public sealed class OverviewStatusTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-web-overview");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_status_api_and_overview_show_the_queue_per_plugin_the_device_and_the_engines_latest_batch_sizes()
    {
        using var gate = new SemaphoreSlim(0);
        await using var web = await WebTestHost.StartAsync(_dir, gateway: new HeldGateway(gate), settings: ["--RadCnn:Runner:Workers=1", "--RadCnn:Engine:MaxBatchSize=4"]);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                TestStudy.WriteSeries(Path.Combine(web.Paths.Inbox, $"ct{i}"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 1);
            }

            await TestStudy.WaitForAsync(web.Store, s => s.Jobs.GetValueOrDefault("Running") == 1 && s.Jobs.GetValueOrDefault("Queued") == 2);
            using var viewer = web.Client(WebTestHost.ViewerKey);
            await StatusAsync(viewer, s => s.GetProperty("queueByPlugin").EnumerateArray()
                .Any(q => q.GetProperty("plugin").GetString() == HeldGateway.PluginId && q.GetProperty("queued").GetInt64() == 2));

            // Ten concurrent requests to the service's engine for one model, batched by at most four.
            var engine = (ISharedInferenceEngine)web.Services.GetService(typeof(ISharedInferenceEngine))!;
            using (var model = engine.Register(new ModelRegistration("web-overview-tiny", () => nn.Linear(4, 2), [4], ModelOutputKind.ClassLogits)))
            {
                using var scope = NewDisposeScope();
                var outputs = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => engine.InferAsync(model, rand(4), InferencePriority.Routine, CancellationToken.None)));
                Assert.Equal(10, outputs.Length);
            }

            var status = await StatusAsync(viewer, s => s.GetProperty("engine").GetProperty("models").EnumerateArray().Any(m => m.GetProperty("model").GetString()!.EndsWith("web-overview-tiny", StringComparison.Ordinal)));
            var engineView = status.GetProperty("engine");
            Assert.Equal(engine.DeviceName, engineView.GetProperty("device").GetString());
            Assert.Equal(4, engineView.GetProperty("maxBatchSize").GetInt32());
            var batches = engineView.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("model").GetString()!.EndsWith("web-overview-tiny", StringComparison.Ordinal));
            var sizes = batches.GetProperty("recentSizes").EnumerateArray().Select(e => e.GetInt32()).ToList();
            Assert.Equal(10, sizes.Sum());
            Assert.All(sizes, n => Assert.InRange(n, 1, 4));
            Assert.Equal(sizes.Count, batches.GetProperty("batches").GetInt64());
            Assert.Equal(sizes.Max(), batches.GetProperty("maxSize").GetInt32());

            // The overview page carries the same figures (the script keeps them live from this API).
            var page = await viewer.GetStringAsync("/");
            Assert.Contains($"data-field=\"device\">{System.Net.WebUtility.HtmlEncode(engine.DeviceName)}<", page, StringComparison.Ordinal);
            Assert.Contains("data-field=\"maxBatchSize\">4<", page, StringComparison.Ordinal);
            Assert.Contains($"<table id=\"queue-by-plugin\"><thead><tr><th>Plugin</th><th>Queued or awaiting retry</th></tr></thead><tbody><tr><td>{HeldGateway.PluginId}</td><td>2</td></tr>", page, StringComparison.Ordinal);
            Assert.Contains("web-overview-tiny", page, StringComparison.Ordinal);
        }
        finally
        {
            gate.Release(3);
        }
    }

    [Fact]
    public async Task The_overview_and_status_api_show_which_plugin_declined_a_series_and_why()
    {
        using var gate = new SemaphoreSlim(0);
        await using var web = await WebTestHost.StartAsync(_dir, gateway: new HeldGateway(gate));
        TestStudy.WriteSeries(Path.Combine(web.Paths.Inbox, "mr"), TestStudy.NewUid(), TestStudy.NewUid(), "MR", 1);

        await TestStudy.WaitForAsync(web.Store, s => s.WorkItems.GetValueOrDefault("Unrouted") == 1);
        using var viewer = web.Client(WebTestHost.ViewerKey);
        const string Reason = "declined by held 1.0.0: its accept list does not take the item";
        var status = await StatusAsync(viewer, s => s.GetProperty("declined").GetArrayLength() == 1);
        var declined = status.GetProperty("declined")[0];
        Assert.Equal("series", declined.GetProperty("kind").GetString());
        Assert.Equal("unrouted", declined.GetProperty("state").GetString());
        Assert.Equal(Reason, declined.GetProperty("declined").GetString());

        var page = await viewer.GetStringAsync("/");
        Assert.Contains($"<td>series</td><td>unrouted</td><td>{System.Net.WebUtility.HtmlEncode(Reason)}</td>", page, StringComparison.Ordinal);
    }

    /// <summary>Polls /api/status (computed at most once a second) until <paramref name="condition"/> holds.</summary>
    private static async Task<JsonElement> StatusAsync(HttpClient client, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = JsonDocument.Parse(await client.GetStringAsync("/api/status")).RootElement;
            if (condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, "the status never showed it: " + status);
            await Task.Delay(200);
        }
    }

    /// <summary>One plugin for CT whose runs wait until the test lets them go.</summary>
    private sealed class HeldGateway(SemaphoreSlim gate) : IPluginGateway
    {
        public const string PluginId = "held";

        public IReadOnlyList<RoutablePlugin> Active() => [new(PluginId, "1.0.0", 1, i => i.Kind == WorkItemKind.Series && i.Modality == "CT")];

        public async Task<PluginRun> RunAsync(string pluginId, WorkItem item, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return new PluginRun(PluginId, "1.0.0", PluginRunOutcome.Succeeded, new Abstractions.Results.PluginResult(), TimeSpan.Zero) { Summary = "held test plugin" };
        }
    }
}
