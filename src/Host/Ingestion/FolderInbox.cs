using Microsoft.Extensions.Logging;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// The DICOM drop folder: every stable file is ingested, then removed; a file that is not DICOM
/// goes to rejected/ with a reason; a file refused for lack of disk space stays for the next scan.
/// </summary>
internal sealed class FolderInbox(InboxFolder folder, InstanceIngestor ingestor, InboxOptions options, TimeProvider time, ILogger<FolderInbox> log)
{
    private readonly StableFileTracker _tracker = new(time, TimeSpan.FromSeconds(options.StableSeconds));

    public InboxFolder Folder => folder;

    /// <summary>One pass over the folder; returns how many files were ingested.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        var ingested = 0;
        foreach (var file in _tracker.Stable(folder.Files()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await ingestor.IngestAsync(file, "folder", null, moveIntoSpool: false, cancellationToken).ConfigureAwait(false);
                folder.Remove(file);
                _tracker.Forget(file);
                ingested++;
            }
            catch (InvalidDataException ex)
            {
                folder.Reject(file, ex.Message);
                _tracker.Forget(file);
                PipelineTelemetry.Rejected.Add(1, new KeyValuePair<string, object?>("inbox", "dicom"));
                IngestionLog.Rejected(log, "DICOM inbox", ex.Message);
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
}
