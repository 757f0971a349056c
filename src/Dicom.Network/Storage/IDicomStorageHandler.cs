namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// Receives each instance the listener has streamed to disk. The listener sends the C-STORE
/// response only after this returns, so Success must mean "durable" (fsync'd). Exceptions are
/// mapped too: disk full to Out of Resources, <see cref="InvalidDataException"/> to Cannot
/// Understand, anything else to Processing Failure. Called concurrently from several associations.
/// </summary>
public interface IDicomStorageHandler
{
    ValueTask<DicomStoreStatus> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken);
}
