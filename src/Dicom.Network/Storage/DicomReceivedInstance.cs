using System.Net;

namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// One instance received by the listener, complete on disk as a DICOM Part 10 file (file meta
/// information written by the listener, the data set exactly as received) at
/// <see cref="TempFilePath"/>. The file is not yet durable: the handler makes it so (for example with
/// <see cref="DurableFile.CommitAsync"/>) or moves it away; whatever is left at the path when the
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
