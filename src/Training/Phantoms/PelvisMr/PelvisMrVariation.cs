namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>Changes to a case for robustness checks: the same anatomy and noise with the gain × <see cref="IntensityFactor"/> and the bias field's strength × <see cref="BiasFactor"/>.</summary>
public sealed record PelvisMrVariation(double IntensityFactor = 1, double BiasFactor = 1)
{
    public static PelvisMrVariation None { get; } = new();
}
