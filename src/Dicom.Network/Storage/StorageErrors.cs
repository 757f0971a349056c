namespace RadCnn.Dicom.Network.Storage;

/// <summary>Maps storage exceptions to C-STORE statuses.</summary>
internal static class StorageErrors
{
    private const int Enospc = 28;
    private const int Edquot = 122;

    public static bool IsDiskFull(Exception exception)
        => exception is IOException io && ((io.HResult & 0xFFFF) is Enospc or Edquot
            || io.HResult == unchecked((int)0x80070070) // ERROR_DISK_FULL on Windows
            || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase));

    public static DicomStoreStatus ToStatus(Exception exception) => exception switch
    {
        _ when IsDiskFull(exception) => DicomStoreStatus.OutOfResources,
        InvalidDataException => DicomStoreStatus.CannotUnderstand,
        _ => DicomStoreStatus.ProcessingFailure,
    };
}
