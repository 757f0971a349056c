namespace RadCnn.Training.Phantoms;

/// <summary>
/// How widely <see cref="ChestRadiographGenerator"/> varies what a model should not learn: anatomy
/// beyond the default ranges, patient position (shift, rotation, field of view), exposure and scatter,
/// noise texture (white quantum noise plus correlated detector noise), the contrast curve (gamma and an
/// S-shaped tone curve), anti-scatter grid lines, lead side markers, collimation borders, the
/// detector's aspect ratio and, when asked, the vendor's edge enhancement (unsharp masking). A model
/// trained across these has to find the disease, not the generator.
/// </summary>
public sealed record RadiographDomainRandomization
{
    /// <summary>The ranges used to train the shipped Detection models.</summary>
    public static RadiographDomainRandomization Wide { get; } = new();

    /// <summary><see cref="Wide"/> plus edge enhancement on half of the radiographs, as commercial post-processing applies it.</summary>
    public static RadiographDomainRandomization WideProcessed { get; } = new() { EdgeEnhancementProbability = 0.5 };

    /// <summary>Columns over rows, drawn uniformly between these.</summary>
    public double MinAspect { get; init; } = 0.8;

    public double MaxAspect { get; init; } = 1.25;

    public double MinExposure { get; init; } = 0.3;

    public double MaxExposure { get; init; } = 2.5;

    /// <summary>Gamma of the tone curve is drawn log-uniformly in [1/this, this].</summary>
    public double MaxGamma { get; init; } = 1.8;

    public double GridProbability { get; init; } = 0.4;

    public double MarkerProbability { get; init; } = 0.6;

    public double CollimationProbability { get; init; } = 0.4;

    /// <summary>Largest standard deviation of the correlated noise, in units of line integral.</summary>
    public double MaxCorrelatedNoise { get; init; } = 0.06;

    /// <summary>
    /// Share of radiographs sharpened by an unsharp mask (the image plus k times its difference from a
    /// blurred copy, k up to <see cref="MaxEdgeEnhancement"/>, blur radius 2-8 pixels) after the tone
    /// curve. Its draws come from a stream of their own: the other draws do not change with it.
    /// </summary>
    public double EdgeEnhancementProbability { get; init; }

    public double MaxEdgeEnhancement { get; init; } = 1.5;

    public void Validate()
    {
        if (!(MinAspect > 0.3 && MinAspect <= MaxAspect && MaxAspect < 3))
        {
            throw new ArgumentOutOfRangeException(nameof(MinAspect), "aspect range must lie in (0.3, 3) with min <= max");
        }

        if (!(MinExposure > 0 && MinExposure <= MaxExposure))
        {
            throw new ArgumentOutOfRangeException(nameof(MinExposure), "exposure range must be positive with min <= max");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGamma, 1.0, nameof(MaxGamma));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxCorrelatedNoise, nameof(MaxCorrelatedNoise));
        if (EdgeEnhancementProbability is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EdgeEnhancementProbability), EdgeEnhancementProbability, "must lie in [0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxEdgeEnhancement, nameof(MaxEdgeEnhancement));
    }
}
