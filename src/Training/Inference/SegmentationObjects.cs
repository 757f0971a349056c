namespace RadCnn.Training.Inference;

/// <summary>SOP Instance UIDs of the DICOM objects a <see cref="SegmentationResultWriter"/> wrote, for the plugin's result.json.</summary>
public sealed record SegmentationObjects(string Segmentation, string Report, string KeyImage);
