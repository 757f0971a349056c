using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Host.Ingestion;
using RadCnn.Host.Runner;
using RadCnn.Host.SeriesAssembly;
using RadCnn.Host.Store;

namespace RadCnn.Host.Pipeline;

/// <summary>
/// Rebuilds a job's work item from the spool: a series' instances (pixel data read lazily) or a
/// report's text. Its id is a hash of the key, so it carries no UID or patient value.
/// </summary>
internal sealed class WorkItemFactory(IJobStore store)
{
    public async Task<(WorkItem Item, IReadOnlyList<string> SopInstanceUids, string? StudyUid, string? SeriesUid)> CreateAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var priority = (InferencePriority)Math.Clamp(job.Priority, 0, 2);
        var id = $"{job.Kind.ToString().ToLowerInvariant()}-{Spool.Hash(job.ItemKey)[..24]}-g{job.Generation}";
        if (job.Kind == WorkItemKind.Report)
        {
            var record = await store.GetReportAsync(job.ItemKey, cancellationToken).ConfigureAwait(false)
                ?? throw new JobRejectedException("the report is no longer in the store");
            var report = await LoadReportAsync(record.SpoolPath, cancellationToken).ConfigureAwait(false);
            var item = new ReportWorkItem
            {
                Id = id,
                Priority = priority,
                ReceivedAt = record.ReceivedAt,
                Text = report.Text,
                Kind = report.Kind,
                StudyInstanceUid = report.StudyInstanceUid,
                Metadata = new Dictionary<string, string>(report.Metadata, StringComparer.OrdinalIgnoreCase),
            };
            return (item, [], report.StudyInstanceUid, null);
        }

        var series = await store.GetSeriesAsync(job.ItemKey, cancellationToken).ConfigureAwait(false)
            ?? throw new JobRejectedException("the series is no longer in the store");
        var instances = await store.GetInstancesAsync(job.ItemKey, cancellationToken).ConfigureAwait(false);
        var files = new List<DicomFile>(instances.Count);
        foreach (var instance in instances)
        {
            try
            {
                files.Add(DicomFile.Open(instance.SpoolPath));
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or DicomFormatException)
            {
                throw new JobRejectedException($"an instance of the series cannot be read from the spool: {ex.GetType().Name}", ex);
            }
        }

        var seriesItem = new ImageSeriesWorkItem
        {
            Id = id,
            Priority = priority,
            ReceivedAt = series.LastReceivedAt,
            StudyInstanceUid = series.StudyInstanceUid,
            SeriesInstanceUid = series.SeriesInstanceUid,
            Modality = series.Modality ?? "OT",
            SopClassUid = series.SopClassUid,
            BodyPartExamined = series.BodyPart,
            Instances = [.. files.Select(f => f.Dataset)],
            Volumes = new SeriesVolumeSource(files),
        };
        return (seriesItem, [.. instances.Select(i => i.SopInstanceUid)], series.StudyInstanceUid, series.SeriesInstanceUid);
    }

    private static async Task<IncomingReport> LoadReportAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await ReportIngestor.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or System.Text.Json.JsonException)
        {
            throw new JobRejectedException($"the report cannot be read from the spool: {ex.GetType().Name}", ex);
        }
    }
}
