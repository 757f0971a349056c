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
                _tracker.Forget(file);
                if (TryReject(file, ex.Message))
                {
                    PipelineTelemetry.Rejected.Add(1, new KeyValuePair<string, object?>("inbox", "dicom"));
                    IngestionLog.Rejected(log, "DICOM inbox", ex.Message);
                }
            }
            catch (FileNotFoundException)
            {
                _tracker.Forget(file); // taken away meanwhile: nothing to do
            }
            catch (IOException ex) when (!InsufficientStorageException.IsDiskFull(ex))
            {
                // Swapped for a link or a pipe after it was listed: not ours to move or delete.
                _tracker.Forget(file);
                IngestionLog.Skipped(log, "DICOM inbox", ex.Message);
            }
            catch (Exception ex) when (InsufficientStorageException.IsDiskFull(ex))
            {
                IngestionLog.StorageRefused(log, ex.Message);
                return ingested;
            }
        }

        return ingested;
    }

    private bool TryReject(string file, string reason)
    {
        try
        {
            folder.Reject(file, reason);
            return true;
        }
        catch (IOException ex)
        {
            IngestionLog.Skipped(log, "DICOM inbox", ex.Message);
            return false;
        }
    }

    public Task RunAsync(CancellationToken stoppingToken) =>
        InboxScanLoop.RunAsync(ScanAsync, options, time, log, stoppingToken);
}
