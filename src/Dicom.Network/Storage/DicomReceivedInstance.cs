using System.Net;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// One instance received by the listener, complete on disk as a DICOM Part 10 file (file meta
/// information written by the listener, the data set exactly as received) at
/// <see cref="TempFilePath"/>. The listener has already fsync'd the file's content; what is not yet
/// durable is its name: the handler renames the file where it belongs and syncs that directory
/// (<see cref="DurableFile.Publish"/>), or copies it away; whatever is left at the path when the
/// handler returns is deleted.
/// </summary>
public sealed record DicomReceivedInstance(
    string TempFilePath,
    string SopClassUid,
    string SopInstanceUid,
    string TransferSyntaxUid,
    string CallingAeTitle,
    string CalledAeTitle,
    IPAddress? RemoteAddress);
