using System.Diagnostics;
using RadCnn.Dicom;
using RadCnn.Host.Outputs;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.Host.Tests.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Cluster;

/// <summary>
/// The cluster as a hospital group runs it, on one machine: an ingest node and two workers on a private
/// PostgreSQL and RabbitMQ, a real Orthanc as the PACS. storescu sends 300 CT slices (three series) and 40
/// radiographs (one series each) to the ingest node. Every series is processed exactly once per plugin
/// version (the no-op plugin takes every series, the report plugin each radiograph), the results are in the
/// outbox, and the ingest node, which delivers for the cluster, sends every DICOM result to Orthanc.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ThreeNodeStudyTests(PostgresServer postgres, RabbitMqServer rabbit)
    : IClassFixture<PostgresServer>, IClassFixture<RabbitMqServer>, IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-cluster-study");
    private ClusterNodes? _nodes;

    public void Dispose()
    {
        _nodes?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Three_hundred_CT_slices_and_forty_radiographs_are_processed_once_per_plugin_version_and_reach_Orthanc()
    {
        var clock = Stopwatch.StartNew();
        using var pacs = new OrthancProcess();
        var database = postgres.CreateDatabase();
        var pluginsDir = _dir.Combine("plugins");
        FixturePlugins.Deploy("NoOp", pluginsDir, "noop");
        FixturePlugins.Deploy("Report", pluginsDir, "report");
        var nodes = _nodes = ClusterNodes.In(_dir, pluginsDir, database, rabbit);
        string[] settings =
        [
            "--RadCnn:Forwarding:Host=127.0.0.1", $"--RadCnn:Forwarding:Port={pacs.DicomPort}", "--RadCnn:Forwarding:CalledAeTitle=ORTHANC",
            "--RadCnn:Forwarding:ScanSeconds=0.5", "--Logging:LogLevel:RadCnn.Host.Outputs=Information",
            // A CT series arrives in one association; a pause of a loaded machine must not split it into two generations.
            "--RadCnn:Assembly:QuietPeriodSeconds=4",
        ];
        nodes.Start("ingest-1", "ingest", settings);
        nodes.Start("worker-1", "worker", settings);
        nodes.Start("worker-2", "worker", settings);
        using var store = await PostgresJobStore.OpenAsync(database, TimeProvider.System, "test");
        await nodes.WaitForListenerAsync("ingest-1");
        await nodes.WaitUntilAsync(async () => (await store.GetNodesAsync()).Count == 3, "all three nodes beat");

        var study = TestStudy.NewUid();
        var ctSeries = Enumerable.Range(0, 3).Select(_ => TestStudy.NewUid()).ToList();
        var ct = ctSeries.SelectMany(s => TestStudy.WriteSeries(_dir.Combine("ct"), study, s, "CT", 100, size: 16)).ToList();
        var radiographSeries = Enumerable.Range(0, 40).Select(_ => TestStudy.NewUid()).ToList();
        var radiographs = radiographSeries.SelectMany(s => TestStudy.WriteSeries(_dir.Combine("cr"), study, s, "CR", 1, size: 32)).ToList();

        // Acknowledged: all 340 instances, storescu reporting success for both associations.
        var sentCt = TestStudy.Storescu(nodes.Port("ingest-1"), ct);
        Assert.True(sentCt.ExitCode == 0, sentCt.Combined);
        var sentCr = TestStudy.Storescu(nodes.Port("ingest-1"), radiographs);
        Assert.True(sentCr.ExitCode == 0, sentCr.Combined);

        // Out: 3 + 40 no-op jobs and 40 report jobs, each done once; every report's SR in Orthanc, delivered by the ingest node.
        const int Jobs = 3 + 40 + 40;
        await nodes.WaitUntilAsync(async () => (await store.GetJobsAsync(JobState.Done)).Count == Jobs, $"{Jobs} jobs done", TimeSpan.FromSeconds(120));
        await nodes.WaitUntilAsync(async () => (await store.GetStatusAsync()).Deliveries.GetValueOrDefault("sent") == 40, "40 deliveries sent", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a second run or delivery would show now

        var status = await store.GetStatusAsync();
        Assert.Equal(340, status.Instances);
        Assert.Equal(Jobs, status.Jobs.Values.Sum());
        var done = await store.GetJobsAsync(JobState.Done);
        Assert.All(done.GroupBy(j => (j.PluginId, j.PluginVersion, j.ItemKey)), g => Assert.Single(g));
        Assert.Equal(ctSeries.Concat(radiographSeries).Order(), done.Where(j => j.PluginId == "fixture.noop").Select(j => j.ItemKey).Order());
        Assert.Equal(radiographSeries.Order(), done.Where(j => j.PluginId == "fixture.report").Select(j => j.ItemKey).Order());
        Assert.All(done, j => Assert.Equal(1, j.Attempts));
        foreach (var job in done.Where(j => ctSeries.Contains(j.ItemKey)))
        {
            Assert.Equal(100, ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(job.OutputPath!, "result.json"))).Inputs.SopInstanceUids.Count);
        }

        // The outbox holds exactly the done jobs' results; the SRs in it are exactly what Orthanc holds.
        Assert.Equal(done.Select(j => Path.GetFileName(j.OutputPath!)).Order(), Directory.GetDirectories(nodes.Paths.Outbox).Select(Path.GetFileName).Order());
        var resultUids = done.Where(j => j.PluginId == "fixture.report")
            .SelectMany(j => Directory.GetFiles(Path.Combine(j.OutputPath!, "dicom"), "*.dcm"))
            .Select(f => DicomFile.Open(f).Dataset.GetString(DicomTag.SOPInstanceUID))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(40, resultUids.Count);
        Assert.Equal(resultUids, await pacs.SopInstanceUidsAsync());
        Assert.Equal(40, status.Deliveries.Values.Sum());

        // Delivery is the ingest node's: it sent all 40, the workers none.
        var report = nodes.Report();
        var ingestLog = report[..report.IndexOf("===== worker-1", StringComparison.Ordinal)];
        Assert.Equal(40, ingestLog.Split('\n').Count(l => l.Contains("DICOM objects sent to", StringComparison.Ordinal)));
        Assert.DoesNotContain("DICOM objects sent to", report[ingestLog.Length..], StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"took {clock.Elapsed}");
    }
}
