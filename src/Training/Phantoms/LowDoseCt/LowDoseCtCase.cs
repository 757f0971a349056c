namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// One simulated CT slice at two doses: the noise-free reconstruction (the truth a denoiser aims at),
/// the standard-dose and the low-dose filtered back-projections, all n × n in HU, with the phantom
/// they came from.
/// </summary>
public sealed class LowDoseCtCase
{
    /// <summary>"ldct-body-s7-p003-z02".</summary>
    public required string Id { get; init; }

    public required string PatientKey { get; init; }

    public required int Patient { get; init; }

    /// <summary>Slice of the patient, 0-based (z = slice × thickness).</summary>
    public required int Slice { get; init; }

    public required int Size { get; init; }

    public required double PixelSpacingMm { get; init; }

    public required double DoseFraction { get; init; }

    /// <summary>Noise-free sinogram reconstructed with the same views and filter: what the scanner would show without quantum noise.</summary>
    public required float[] Truth { get; init; }

    public required float[] StandardDose { get; init; }

    public required float[] LowDose { get; init; }

    public required CtAnatomySlice Anatomy { get; init; }

    public required IReadOnlyDictionary<string, double> Parameters { get; init; }
}
