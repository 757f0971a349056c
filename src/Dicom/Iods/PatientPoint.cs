namespace RadCnn.Dicom.Iods;

/// <summary>A point in the patient coordinate system (millimetres, LPS), the space Image Position (Patient) is given in.</summary>
public readonly record struct PatientPoint(double X, double Y, double Z);
