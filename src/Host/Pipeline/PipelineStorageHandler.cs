using Microsoft.Extensions.Logging;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Host.Ingestion;
using RadCnn.Host.Store;

namespace RadCnn.Host.Pipeline;

/// <summary>
/// The listener's storage callback: the received file (already in the spool, see
/// <see cref="Spool.Received"/>) is kept where it lies and its row committed before this returns, so Success in the C-STORE response means stored.
/// Not DICOM → Cannot Understand; no room → Out of Resources; anything else → Processing Failure.
/// </summary>
internal sealed class PipelineStorageHandler(InstanceIngestor ingestor, ILogger<PipelineStorageHandler> log) : IDicomStorageHandler
{
    public async ValueTask<DicomStoreStatus> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        try
        {
            await ingestor.IngestReceivedAsync(instance, cancellationToken).ConfigureAwait(false);
            return DicomStoreStatus.Success;
        }
        catch (InvalidDataException ex)
        {
            IngestionLog.NetworkRefused(log, nameof(DicomStoreStatus.CannotUnderstand), ex.GetType().Name);
            return DicomStoreStatus.CannotUnderstand;
        }
        catch (Exception ex) when (InsufficientStorageException.IsDiskFull(ex))
        {
            IngestionLog.NetworkRefused(log, nameof(DicomStoreStatus.OutOfResources), ex.GetType().Name);
            return DicomStoreStatus.OutOfResources;
        }
    }
}
