namespace RadCnn.Dicom.Iods;

/// <summary>A numeric measurement of a finding, e.g. (Volume, 12.5, <see cref="ResultCodes.Milliliter"/>).</summary>
public sealed record ReportMeasurement(CodedConcept Concept, double Value, CodedConcept Unit);
