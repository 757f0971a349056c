namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// The plain storage handler behind `radcnn dicom listen`: each instance becomes
/// &lt;directory&gt;/&lt;SOP Instance UID&gt;.dcm, fsync'd with its directory entry before the
/// success status goes back. A second instance with the same UID replaces the first.
/// </summary>
public sealed class DirectoryStorageHandler : IDicomStorageHandler
{
    private readonly string _directory;

    public DirectoryStorageHandler(string directory)
    {
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    public ValueTask<DicomStoreStatus> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        // The UID came from the network: only digits and dots may reach a file name.
        var name = instance.SopInstanceUid.Length is > 0 and <= 64 && instance.SopInstanceUid.All(c => char.IsAsciiDigit(c) || c == '.')
            ? instance.SopInstanceUid
            : $"instance-{Guid.NewGuid():N}";
        // Synchronous on purpose: the listener has fsync'd the content, so what is left (a rename
        // and a directory fsync) takes a fraction of a millisecond; a hop to another pool thread
        // would cost more than it frees.
        cancellationToken.ThrowIfCancellationRequested();
        DurableFile.Publish(instance.TempFilePath, Path.Combine(_directory, name + ".dcm"));
        return ValueTask.FromResult(DicomStoreStatus.Success);
    }
}
