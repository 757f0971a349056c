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

    public async ValueTask<DicomStoreStatus> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        // The UID came from the network: only digits and dots may reach a file name.
        var name = instance.SopInstanceUid.Length is > 0 and <= 64 && instance.SopInstanceUid.All(c => char.IsAsciiDigit(c) || c == '.')
            ? instance.SopInstanceUid
            : $"instance-{Guid.NewGuid():N}";
        // fsync blocks for milliseconds: off the association's thread so many associations do not starve the pool.
        await DurableFile.CommitAsync(instance.TempFilePath, Path.Combine(_directory, name + ".dcm"), cancellationToken).ConfigureAwait(false);
        return DicomStoreStatus.Success;
    }
}
