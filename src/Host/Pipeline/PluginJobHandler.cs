using System.Diagnostics;
using RadCnn.Dicom;
using RadCnn.Host.Outputs;
using RadCnn.Host.Plugins;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Pipeline;

/// <summary>
/// One attempt of a job: rebuild the work item from the spool, run the plugin through the catalog's
/// guard, write result.json with the plugin's files and DICOM objects atomically to the outbox, and
/// queue the DICOM objects for forwarding. A job whose plugin version was replaced while it waited
/// runs on the new version; its row and its result name the version that ran, the engine's device and
/// the SHA-256 of every model file it pins, so any result can be traced to the exact weights.
/// </summary>
internal sealed class PluginJobHandler(IJobStore store, WorkItemFactory items, IPluginGateway plugins, OutboxWriter outbox, ResultForwarder? forwarder, TimeProvider time, string? engineDevice = null) : IJobHandler
{
    public async Task<string> HandleAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var started = time.GetUtcNow();
        var prepareStart = time.GetTimestamp();
        var (item, sopUids, studyUid, seriesUid) = await items.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        var prepare = time.GetElapsedTime(prepareStart);

        PluginRun run;
        using (var span = PipelineTelemetry.StartSpan("plugin", Activity.Current?.Id ?? job.TraceParent))
        {
            span?.SetTag("radcnn.plugin.id", job.PluginId);
            run = await plugins.RunAsync(job.PluginId, item, cancellationToken).ConfigureAwait(false);
            span?.SetTag("radcnn.plugin.version", run.PluginVersion);
            if (run.PluginVersion != job.PluginVersion)
            {
                await store.RecordPluginVersionAsync(job.Id, run.PluginVersion, cancellationToken).ConfigureAwait(false);
            }

            span?.SetTag("radcnn.plugin.outcome", run.Outcome.ToString());
            if (run.Outcome == PluginRunOutcome.CircuitOpen)
            {
                throw new PluginUnavailableException(run.Result.Message ?? $"plugin {job.PluginId} is suspended");
            }

            if (run.IsFailure)
            {
                span?.SetStatus(ActivityStatusCode.Error, run.Outcome.ToString());
                throw new PluginJobFailedException($"{run.Outcome}: {run.Result.Message}");
            }
        }

        var outputStart = time.GetTimestamp();
        using var outputSpan = PipelineTelemetry.StartSpan("output", Activity.Current?.Id ?? job.TraceParent);
        var supersededJob = job.SupersedesJobId is { } earlier ? await store.GetJobAsync(earlier, cancellationToken).ConfigureAwait(false) : null;
        var files = new List<OutboxFile>();
        var dicomObjects = new List<ResultDocument.DicomObjectInfo>();
        foreach (var dataset in run.Result.DicomObjects)
        {
            var sop = dataset.GetStringOrDefault(DicomTag.SOPInstanceUID);
            var sopClass = dataset.GetStringOrDefault(DicomTag.SOPClassUID);
            var name = $"dicom/{(sop.Length > 0 ? sop : Guid.NewGuid().ToString("N"))}.dcm";
            using var buffer = new MemoryStream();
            new DicomFile(dataset).Save(buffer);
            files.Add(new OutboxFile(name, buffer.ToArray()));
            dicomObjects.Add(new ResultDocument.DicomObjectInfo(name, sopClass, sop));
        }

        foreach (var file in run.Result.Files)
        {
            var name = "files/" + Path.GetFileName(file.Name);
            files.Add(new OutboxFile(name, file.Content));
        }

        var fragile = run.Result.Findings.Count(f => f.Robustness?.Fragile == true);
        if (fragile > 0)
        {
            PipelineTelemetry.FragileResults.Add(fragile, new KeyValuePair<string, object?>("plugin", job.PluginId));
        }

        var supersedes = supersededJob is null && run.Result.Supersedes is null
            ? null
            : new ResultDocument.SupersedesInfo(supersededJob?.Id,
                run.Result.Supersedes?.Reason ?? "the series received more instances after it was processed",
                run.Result.Supersedes?.SopInstanceUids ?? []);
        var document = new ResultDocument(
            job.Id,
            new ResultDocument.PluginInfo(run.PluginId, run.PluginVersion, run.Summary),
            new ResultDocument.InputInfo(job.Kind == WorkItemKind.Report ? "report" : "series", job.Generation, studyUid, seriesUid, sopUids,
                job.Kind == WorkItemKind.Report ? job.ItemKey : null),
            run.Outcome == PluginRunOutcome.Succeeded ? "succeeded" : "not-applicable",
            run.Result.Message,
            [.. run.Result.Findings.Select(f => new ResultDocument.FindingInfo(f.Code, f.CodingScheme, f.Meaning, f.Probability,
                f.Robustness is { } r ? new ResultDocument.RobustnessInfo(r.Epsilon, r.FlipsAtEpsilon, r.SmallestFlippingEpsilon, r.Agreement, r.Fragile) : null,
                f.Location is { } l ? [l.X, l.Y, l.Z] : null))],
            [.. run.Result.Measurements.Select(m => new ResultDocument.MeasurementInfo(m.Name, m.Value, m.Unit, m.Code))],
            [.. run.Result.Files.Select(f => new ResultDocument.FileInfo("files/" + Path.GetFileName(f.Name), f.MediaType, f.Content.Length))],
            dicomObjects,
            supersedes,
            new ResultDocument.TimingInfo(job.CreatedAt, started, time.GetUtcNow(), run.Duration.TotalSeconds, prepare.TotalSeconds,
                time.GetElapsedTime(outputStart).TotalSeconds, job.Attempts),
            new ResultDocument.EngineInfo(engineDevice, [.. run.Models.Select(m => new ResultDocument.ModelInfo(m.Name, m.Sha256))]));
        files.Insert(0, new OutboxFile("result.json", document.ToUtf8()));
        var path = await outbox.WriteAsync(job.Id, files, cancellationToken).ConfigureAwait(false);
        outputSpan?.SetTag("radcnn.output.files", files.Count);
        if (forwarder is not null && dicomObjects.Count > 0)
        {
            await forwarder.EnqueueAsync(job.Id, path, [.. dicomObjects.Select(d => d.File)], cancellationToken).ConfigureAwait(false);
        }

        return path;
    }
}
