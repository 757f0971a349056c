namespace RadCnn.Dicom.Network.Tests.Negotiation;

/// <summary>Lets test support ask the generated storage SOP class table.</summary>
internal static class StorageSopClassesAccess
{
    public static bool IsStorage(string uid) => RadCnn.Dicom.Network.Negotiation.StorageSopClasses.All.Contains(uid);
}
