using System.Text.Json;
using Microsoft.Extensions.Logging;
using RadCnn.Host.Routing;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// Makes a parsed report durable (JSON in the spool, fsync'd, then the row and its work item) and
/// hands the work item to routing. The text lives only in the spool, never in the database or logs.
/// </summary>
internal sealed class ReportIngestor(IJobStore store, Spool spool, StorageGuard guard, WorkItemQueue queue, TimeProvider time, ILogger<ReportIngestor> log)
{
    public async Task<WorkItemRecord> IngestAsync(IncomingReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var started = time.GetUtcNow();
        var content = JsonSerializer.SerializeToUtf8Bytes(report, SpoolJson.Options);
        guard.EnsureRoomFor(content.Length);
        var path = await spool.WriteReportAsync(report.Id, ".json", content, cancellationToken).ConfigureAwait(false);
        var record = new ReportRecord(report.Id, report.Kind, report.Format, path, Spool.Hash(report.Text),
            JsonSerializer.Serialize(report.Metadata, SpoolJson.Options), time.GetUtcNow());
        var (item, added) = await store.PutReportAsync(record, cancellationToken).ConfigureAwait(false);
        using (var span = PipelineTelemetry.StartSpan("ingest", item.TraceParent))
        {
            span?.SetStartTime(started.UtcDateTime);
            span?.SetTag("radcnn.source", "reports");
            span?.SetTag("radcnn.report.format", report.Format);
            span?.SetTag("radcnn.report.kind", report.Kind);
            span?.SetTag("radcnn.patient.hash", report.Metadata.GetValueOrDefault("patientIdHash"));
            span?.SetTag("radcnn.outcome", added ? "Added" : "Duplicate");
        }

        PipelineTelemetry.ReportsReceived.Add(1, new KeyValuePair<string, object?>("format", report.Format));
        IngestionLog.ReportStored(log, PipelineTelemetry.HashUid(report.Id), report.Format, report.Kind, item.Id);
        if (added)
        {
            await queue.EnqueueAsync(item.Id, cancellationToken).ConfigureAwait(false);
        }

        return item;
    }

    public static async Task<IncomingReport> LoadAsync(string spoolPath, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(spoolPath);
        return await JsonSerializer.DeserializeAsync<IncomingReport>(stream, SpoolJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("empty report in the spool");
    }
}
