namespace RadCnn.Dicom.Network;

/// <summary>RadCnn's implementation class UID and version name, sent in every association (PS3.7 D.3.3.2).</summary>
public static class DicomImplementation
{
    /// <summary>Under the UUID-derived root 2.25 (PS3.5 B.2), fixed for RadCnn's network layer.</summary>
    public const string ClassUid = "2.25.210497139925740434286473717402436283614";

    /// <summary>At most 16 characters.</summary>
    public const string VersionName = "RADCNN_010";
}
