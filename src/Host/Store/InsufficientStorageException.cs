namespace RadCnn.Host.Store;

/// <summary>The spool's disk is full or below the configured reserve: the item is refused (DICOM Out of Resources) and stays with its sender.</summary>
internal sealed class InsufficientStorageException : IOException
{
    public InsufficientStorageException()
    {
    }

    public InsufficientStorageException(string message)
        : base(message)
    {
    }

    public InsufficientStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether <paramref name="ex"/> is the OS saying the disk is full (ENOSPC, EDQUOT), or SQLite saying so (SQLITE_FULL).</summary>
    public static bool IsDiskFull(Exception ex) =>
        ex is InsufficientStorageException
        || (ex is IOException io && (io.HResult & 0xFFFF) is 28 or 122 or 0x70 or 0x27)
        || ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteFull };

    private const int SqliteFull = 13;
}
