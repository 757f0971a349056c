using RadCnn.Dicom.Network.Storage;

namespace RadCnn.Dicom.Network.Tests.Support;

/// <summary>Stores instances as 0000.dcm, 0001.dcm, ... in arrival order (pydicom's test files share UIDs, so names by UID would collide).</summary>
internal sealed class SequenceStorageHandler(string directory) : IDicomStorageHandler
{
    private int _next = -1;

    public ValueTask<DicomStoreStatus> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _next);
        DurableFile.Commit(instance.TempFilePath, Path.Combine(directory, $"{n:D4}.dcm"));
        return ValueTask.FromResult(DicomStoreStatus.Success);
    }
}
