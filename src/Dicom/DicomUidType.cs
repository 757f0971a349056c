namespace RadCnn.Dicom;

/// <summary>The kind of a UID in the standard's table (PS3.6 Annex A).</summary>
public enum DicomUidType
{
    Unknown,
    TransferSyntax,
    SopClass,
    MetaSopClass,
    WellKnownSopInstance,
    WellKnownFrameOfReference,
    CodingScheme,
    ApplicationContextName,
    ServiceClass,
    ApplicationHostingModel,
    MappingResource,
    LdapOid,
    SynchronizationFrameOfReference,
    Other,
}
