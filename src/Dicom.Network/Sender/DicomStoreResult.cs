namespace RadCnn.Dicom.Network.Sender;

/// <summary>
/// The outcome of one C-STORE: the status the peer returned (PS3.4 GG.4; warnings B000, B006,
/// B007 still mean stored), or <see cref="Error"/> when the instance could not be sent at all.
/// </summary>
public sealed record DicomStoreResult(string File, string? SopInstanceUid, ushort? Status, string? Error)
{
    public bool Succeeded => Status is 0x0000 or 0xB000 or 0xB006 or 0xB007;
}
