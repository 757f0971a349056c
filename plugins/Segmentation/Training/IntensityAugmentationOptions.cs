namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// How strongly <see cref="IntensityAugmentation"/> varies a training volume: the share of volumes with an
/// extra bias field and its strength (sd per polynomial term), and the share with a random tissue-contrast
/// curve (0: none).
/// </summary>
internal sealed record IntensityAugmentationOptions(double BiasProbability, double BiasSd, double ContrastCurveProbability)
{
    /// <summary>What the shipped tumour network (and the first uterus networks) trained with: bias on 80% at sd 0.25, no contrast curve.</summary>
    public static IntensityAugmentationOptions Default { get; } = new(0.8, 0.25, 0);
}
