namespace RadCnn.Dicom.Iods;

/// <summary>
/// One finding of a plugin, as the findings report writes it: what (a code), how likely, how robust
/// the decision is under adversarial perturbation, measurements, and where (source images, region).
/// </summary>
/// <param name="Code">The finding, e.g. <see cref="ResultCodes.Nodule"/>.</param>
/// <param name="Probability">The model's probability for the finding, 0-1.</param>
public sealed record ReportFinding(CodedConcept Code, double Probability)
{
    /// <summary>Short human label, the SR tracking identifier ("Nodule 1"); the code meaning where null.</summary>
    public string? Label { get; init; }

    public CodedConcept? Site { get; init; }

    /// <summary>Whether the FGSM probe flipped the decision below the fragility threshold; null where not probed.</summary>
    public bool? Fragile { get; init; }

    /// <summary>The smallest FGSM epsilon that flipped the decision; null where none did or it was not probed.</summary>
    public double? FlippingEpsilon { get; init; }

    public IReadOnlyList<ReportMeasurement> Measurements { get; init; } = [];

    /// <summary>Indices into the builder's source list of the images the finding was seen on.</summary>
    public IReadOnlyList<int> SourceIndices { get; init; } = [];

    public FindingRegion? Region { get; init; }

    /// <summary>
    /// The finding's centre in the patient coordinate system, written as a SCOORD3D point in the frame of
    /// reference of its sources; any finding with a centre makes the report a Comprehensive 3D SR.
    /// </summary>
    public PatientPoint? Centre { get; init; }
}
