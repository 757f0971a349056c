namespace RadCnn.Training.Phantoms;

/// <summary>
/// What every phantom image shares (SOP, dates, synthetic patient, study and series, image pixel module
/// with 16-bit words); <see cref="Placement"/> adds the cross-sectional geometry of a CT or MR slice.
/// </summary>
internal sealed record PhantomImageHeader
{
    public required string SopClassUid { get; init; }

    public required string[] ImageType { get; init; }

    public required string SopInstanceUid { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required string Modality { get; init; }

    public required string ModelName { get; init; }

    public required string StudyDescription { get; init; }

    public required string SeriesDescription { get; init; }

    public required string PatientName { get; init; }

    public required string PatientId { get; init; }

    public string PatientSex { get; init; } = "O";

    public required string BodyPart { get; init; }

    public required string StudyInstanceUid { get; init; }

    public required string SeriesInstanceUid { get; init; }

    public required int SeriesNumber { get; init; }

    public required int InstanceNumber { get; init; }

    public required int Rows { get; init; }

    public required int Columns { get; init; }

    public required int BitsStored { get; init; }

    public SlicePlacement? Placement { get; init; }
}
