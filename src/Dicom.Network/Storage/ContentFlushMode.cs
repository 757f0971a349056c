namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// How the listener makes each received instance's content durable before its response (see
/// <see cref="Listener.DicomListenerOptions.ContentFlush"/>). Every mode keeps the same promise: no
/// response before a flush that began after the instance's last byte was written has succeeded.
/// </summary>
/// <remarks>
/// A third way was measured and dropped: one caller fsyncing every waiting file back to back. Each
/// fsync then waits for its own journal commit in turn, where concurrent fsyncs from the associations'
/// own threads share one (ext4's journal groups them): 280 files/s against 600-1,000 in a probe.
/// </remarks>
public enum ContentFlushMode
{
    /// <summary>Each instance's file is fsync'd through the handle that wrote it, by its own association.</summary>
    PerFile,

    /// <summary>
    /// Concurrent associations share each flush, and a flush is one Linux <c>syncfs</c> of the file
    /// system that holds the files (every dirty page written out and the journal committed once,
    /// writeback errors reported since Linux 5.8). Where <c>syncfs</c> is missing or fails, each
    /// caller falls back to fsync of its own file, which reports that file's own errors.
    /// </summary>
    FileSystem,
}
