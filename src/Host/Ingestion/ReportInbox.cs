using Microsoft.Extensions.Logging;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// The report drop folder: stable .txt files (with their .json sidecar) and HL7 messages are made
/// durable and then removed; anything else goes to rejected/ with a reason. A sidecar waits for its
/// text file; one left alone for ten minutes is rejected.
/// </summary>
internal sealed class ReportInbox(InboxFolder folder, ReportIngestor ingestor, InboxOptions options, TimeProvider time, ILogger<ReportInbox> log)
{
    private static readonly TimeSpan OrphanSidecarAge = TimeSpan.FromMinutes(10);
    private readonly StableFileTracker _tracker = new(time, TimeSpan.FromSeconds(options.StableSeconds));

    public InboxFolder Folder => folder;

    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        var files = folder.Files().ToList();
        var stable = _tracker.Stable(files);
        var ingested = 0;
        foreach (var file in stable)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReportParser.IsSidecar(file))
            {
                var textFile = Path.ChangeExtension(file, ".txt");
                var info = new FileInfo(file);
                if (info.Exists && !File.Exists(textFile) && time.GetUtcNow() - info.LastWriteTimeUtc > OrphanSidecarAge)
                {
                    Reject(file, "a JSON sidecar without its .txt report");
                }

                continue;
            }

            var sidecar = ReportParser.SidecarFor(file);
            if (File.Exists(sidecar) && !stable.Contains(sidecar, StringComparer.Ordinal))
            {
                continue; // the sidecar is still being written
            }

            try
            {
                // An HL7 batch is one report per message; re-taking a file after a crash finds the first ones as duplicates.
                var reports = ReportParser.ParseAll(file, options.DefaultReportKind);
                foreach (var one in reports)
                {
                    await ingestor.IngestAsync(one, cancellationToken).ConfigureAwait(false);
                }

                var report = reports[0];
                folder.Remove(file);
                _tracker.Forget(file);
                if (File.Exists(sidecar) && report.Format == "text")
                {
                    folder.Remove(sidecar);
                    _tracker.Forget(sidecar);
                }

                ingested += reports.Count;
            }
            catch (InvalidDataException ex)
            {
                Reject(file, ex.Message);
                if (File.Exists(sidecar))
                {
                    Reject(sidecar, "its report was rejected");
                }
            }
            catch (FileNotFoundException)
            {
                _tracker.Forget(file);
            }
            catch (IOException ex) when (!InsufficientStorageException.IsDiskFull(ex))
            {
                _tracker.Forget(file);
                IngestionLog.Skipped(log, "report inbox", ex.Message);
            }
            catch (Exception ex) when (InsufficientStorageException.IsDiskFull(ex))
            {
                IngestionLog.StorageRefused(log, ex.Message);
                return ingested;
            }
        }

        return ingested;
    }

    public Task RunAsync(CancellationToken stoppingToken) =>
        InboxScanLoop.RunAsync(ScanAsync, options, time, log, stoppingToken);

    private void Reject(string file, string reason)
    {
        _tracker.Forget(file);
        try
        {
            folder.Reject(file, reason);
        }
        catch (IOException ex)
        {
            // Swapped for a link or a pipe after it was listed: not ours to move.
            IngestionLog.Skipped(log, "report inbox", ex.Message);
            return;
        }

        PipelineTelemetry.Rejected.Add(1, new KeyValuePair<string, object?>("inbox", "reports"));
        IngestionLog.Rejected(log, "report inbox", reason);
    }
}
