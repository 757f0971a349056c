using System.Net;
using RadCnn.Dicom;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// One instance received by the listener, complete on disk as a DICOM Part 10 file (file meta
/// information written by the listener, the data set exactly as received) at
/// <see cref="TempFilePath"/>. The listener has already fsync'd the file's content; what is not yet
/// durable is its name: the handler renames the file where it belongs and syncs that directory
/// (<see cref="DurableFile.Publish"/>), or copies it away; whatever is left at the path when the
/// handler returns is deleted, unless the handler kept it (<see cref="KeepFile"/>).
/// </summary>
public sealed record DicomReceivedInstance(
    string TempFilePath,
    string SopClassUid,
    string SopInstanceUid,
    string TransferSyntaxUid,
    string CallingAeTitle,
    string CalledAeTitle,
    IPAddress? RemoteAddress)
{
    /// <summary>The data set as the listener's validation parsed it (large values left in the file); null when validation is off.</summary>
    public DicomDataset? DataSet { get; init; }

    /// <summary>SHA-256 of the whole file (lower-case hex), computed while it streamed in; null unless the listener's files stay in place.</summary>
    public string? ContentSha256 { get; init; }

    /// <summary>
    /// True when the file at <see cref="TempFilePath"/> is durable whole, name included (the listener's
    /// files stay in place), or will be once <see cref="ContentDurable"/> completes: a handler may keep
    /// it there with <see cref="KeepFile"/>.
    /// </summary>
    public bool MayKeepFile { get; init; }

    /// <summary>
    /// Null when the content is durable before the handler is called. Otherwise (the listener's
    /// <see cref="Listener.DicomListenerOptions.OverlapContentFlush"/>) the content's fsync, and the
    /// directory entry's where it was not yet durable, still under way: the listener awaits it before
    /// the response, and a failure turns the response into an error whatever the handler returned.
    /// </summary>
    public Task? ContentDurable { get; init; }

    internal bool FileKept { get; private set; }

    /// <summary>The handler keeps the file where it lies (only where <see cref="MayKeepFile"/>): the listener leaves it there.</summary>
    public void KeepFile()
    {
        if (!MayKeepFile)
        {
            throw new InvalidOperationException("this listener's files are temporary; move or copy the file instead");
        }

        FileKept = true;
    }
}
