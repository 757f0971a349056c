namespace RadCnn.Host.Web.DicomWeb;

/// <summary>One DICOM object RadCnn produced (SEG, SR, SC, derived image), as QIDO-RS and WADO-RS find it in the outbox.</summary>
internal sealed record ResultInstance(long JobId, string Path, string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid,
    string Modality, string? SeriesNumber, string? InstanceNumber, string? StudyDate, string? SeriesDescription, RadCnn.Dicom.DicomDataset Header);
