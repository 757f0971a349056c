namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// What a storage handler reports for one received instance; the listener maps it to the C-STORE
/// response status (PS3.4 GG.4.2): Success 0000, Refused: Out of Resources A700, Error: Cannot
/// Understand C000, Processing Failure 0110, Error: Data Set does not match SOP Class A900 (also used
/// when the data set's SOP Instance UID is not the command's Affected SOP Instance UID).
/// </summary>
public enum DicomStoreStatus
{
    Success = 0x0000,
    OutOfResources = 0xA700,
    CannotUnderstand = 0xC000,
    ProcessingFailure = 0x0110,
    DataSetDoesNotMatch = 0xA900,
}
