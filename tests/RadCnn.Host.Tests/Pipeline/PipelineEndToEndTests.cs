using RadCnn.Host.Runner;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RadCnn.Host.Hosting;
using RadCnn.Host.Outputs;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Store;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>
/// The whole service in-process: storescu and the drop folders feed a multi-series study and
/// reports; every series runs its routed plugins once; results land in the outbox; a late instance
/// re-runs its series with a superseding result; a throwing plugin dead-letters; and no identifying
/// value of the test data reaches logs, traces or metrics.
/// </summary>
public sealed class PipelineEndToEndTests : IDisposable
{
    private const string ReportSentinel = "SENTINELTEXT";
    private readonly TempDirectory _dir = new("radcnn-e2e");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_study_from_storescu_and_the_folders_is_processed_once_per_series_and_plugin_without_leaking_identifying_values()
    {
        var port = Peers.FreeTcpPort();
        var gateway = new TestPluginGateway();
        var activities = new List<Activity>();
        var metrics = new List<Metric>();
        var logs = new LogCapture();
        var builder = TestService.Create(_dir.Combine("var"), port, _dir.Combine("plugins"),
            "--RadCnn:Assembly:QuietPeriodSeconds=1.5",
            "--RadCnn:Runner:RetryDelaySeconds=0.05",
            "--RadCnn:Runner:MaxAttempts=2",
            "--Logging:LogLevel:Default=Debug");
        builder.Services.AddSingleton<IPluginGateway>(gateway);
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(activities));
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
        builder.Logging.AddProvider(logs);

        var study = TestStudy.NewUid();
        var ctSeries = TestStudy.NewUid();
        var mrSeries = TestStudy.NewUid();
        var ct = TestStudy.WriteSeries(_dir.Combine("ct"), study, ctSeries, "CT", 6);
        var paths = PipelinePaths.For(_dir.Combine("var"));
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var store = host.Services.GetRequiredService<IJobStore>();
            await TestStudy.WaitForPortAsync(port);

            var sent = TestStudy.Storescu(port, ct[..5]);
            Assert.True(sent.ExitCode == 0, sent.Combined);
            TestStudy.WriteSeries(Path.Combine(paths.Inbox, "study", "mr"), study, mrSeries, "MR", 3);
            await File.WriteAllTextAsync(Path.Combine(paths.Inbox, "readme.txt"), "not DICOM");
            await File.WriteAllTextAsync(Path.Combine(paths.Reports, "ctpa.hl7"),
                "MSH|^~\\&|RIS|HOSP|RADCNN|HOSP|20260101||ORU^R01|MSG77|P|2.5.1\r" +
                $"PID|1||{TestStudy.PatientId}^^^HOSP||{TestStudy.PatientName}||{TestStudy.BirthDate}|F\r" +
                $"OBR|1||{TestStudy.Accession}|CTPA^CT pulmonary angiogram\r" +
                $"OBX|1|TX|59776-5^Findings^LN||{ReportSentinel}: filling defect in a segmental artery.||||||F\r");
            await File.WriteAllTextAsync(Path.Combine(paths.Reports, "other.txt"), "A report no plugin takes.");

            // CT -> noop; MR -> noop and thrower (dies after 2 attempts); ctpa report -> reporter; the text report is unrouted.
            await TestStudy.WaitForAsync(store, s => s.Jobs.GetValueOrDefault("Done") == 3 && s.Jobs.GetValueOrDefault("Dead") == 1 && s.WorkItems.GetValueOrDefault("Unrouted") == 1);

            var done = await store.GetJobsAsync(JobState.Done);
            Assert.Equal(1, gateway.Calls[$"noop|{ctSeries}|5"]);
            Assert.Equal(1, gateway.Calls[$"noop|{mrSeries}|3"]);
            Assert.Equal(2, gateway.Calls[$"thrower|{mrSeries}|3"]);
            Assert.Equal(1, gateway.Calls["reporter|report|ctpa"]);
            var dead = Assert.Single(await store.GetJobsAsync(JobState.Dead));
            Assert.Equal("thrower", dead.PluginId);
            Assert.Contains("always fails", dead.LastError, StringComparison.Ordinal);

            var ctJob = Assert.Single(done, j => j.ItemKey == ctSeries);
            var ctResult = ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(ctJob.OutputPath!, "result.json")));
            Assert.Equal("noop", ctResult.Plugin.Id);
            Assert.Equal("1.0.0", ctResult.Plugin.Version);
            Assert.Equal(ctSeries, ctResult.Inputs.SeriesInstanceUid);
            Assert.Equal(study, ctResult.Inputs.StudyInstanceUid);
            Assert.Equal(5, ctResult.Inputs.SopInstanceUids.Count);
            Assert.True(ctResult.Findings[0].Robustness!.Fragile);
            Assert.Equal(5, ctResult.Measurements[0].Value);
            Assert.True(File.Exists(Path.Combine(ctJob.OutputPath!, ctResult.DicomObjects[0].File)));
            Assert.True(File.Exists(Path.Combine(ctJob.OutputPath!, "files", "summary.txt")));
            Assert.Null(ctResult.Supersedes);

            Assert.True(File.Exists(Path.Combine(paths.Inbox, "rejected", "readme.txt.reason.txt")));
            Assert.Empty(Directory.EnumerateFiles(paths.Reports));
            var unrouted = Assert.Single(await store.GetWorkItemsAsync(WorkItemState.Unrouted));
            Assert.Contains("report kind 'report'", unrouted.UnroutedReason, StringComparison.Ordinal);
            Assert.Contains("declined by reporter 1.0.0: its accept list does not take the item", unrouted.Declined, StringComparison.Ordinal);
            Assert.Contains("declined by reporter 1.0.0", unrouted.UnroutedReason, StringComparison.Ordinal);
            var ctItem = Assert.Single(await store.GetWorkItemsAsync(WorkItemState.Routed), w => w.Key == ctSeries);
            Assert.Contains("declined by thrower 0.1.0", ctItem.Declined, StringComparison.Ordinal);
            Assert.DoesNotContain("declined by noop", ctItem.Declined, StringComparison.Ordinal);

            // A late CT slice re-opens the series: noop runs again on 6 slices and its result supersedes the first.
            var late = TestStudy.Storescu(port, [ct[5]]);
            Assert.True(late.ExitCode == 0, late.Combined);
            await TestStudy.WaitForAsync(store, s => s.Jobs.GetValueOrDefault("Done") == 4);
            var rerun = Assert.Single(await store.GetJobsAsync(JobState.Done), j => j.ItemKey == ctSeries && j.Generation == 2);
            var rerunResult = ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(rerun.OutputPath!, "result.json")));
            Assert.Equal(ctJob.Id, rerunResult.Supersedes!.JobId);
            Assert.Equal(6, rerunResult.Inputs.SopInstanceUids.Count);
            Assert.Equal(1, gateway.Calls[$"noop|{ctSeries}|6"]);

            await host.StopAsync();
        }

        // The test data did carry the identifying values...
        Assert.Contains(TestStudy.PatientId, await File.ReadAllTextAsync(ct[0]), StringComparison.Ordinal);
        // ...and none of them reached a trace, a metric or a log line.
        Assert.NotEmpty(activities);
        Assert.Contains(activities, a => a.DisplayName == "ingest");
        Assert.Contains(activities, a => a.DisplayName == "plugin");
        var traceOfCtRerun = activities.Where(a => a.DisplayName is "assemble" or "route" or "job" or "plugin" or "output").GroupBy(a => a.TraceId).ToList();
        Assert.Contains(traceOfCtRerun, g => g.Select(a => a.DisplayName).ToHashSet().IsSupersetOf(["route", "job", "plugin", "output"]));
        Assert.NotEmpty(logs.Lines);
        var telemetryText = string.Join('\n',
            activities.SelectMany(a => new[] { a.DisplayName, a.StatusDescription ?? "" }
                .Concat(a.TagObjects.Select(t => $"{t.Key}={t.Value}"))
                .Concat(a.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")))))
            + string.Join('\n', metrics.SelectMany(MetricTags))
            + string.Join('\n', logs.Lines);
        foreach (var value in TestStudy.IdentifyingValues.Append(ReportSentinel).Append(TestStudy.PatientName))
        {
            Assert.DoesNotContain(value, telemetryText, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var uid in new[] { study, ctSeries, mrSeries })
        {
            Assert.DoesNotContain(uid, telemetryText, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> MetricTags(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                yield return $"{metric.Name} {tag.Key}={tag.Value}";
            }
        }
    }
}
