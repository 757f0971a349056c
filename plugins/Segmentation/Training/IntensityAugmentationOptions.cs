namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// How strongly <see cref="IntensityAugmentation"/> varies a training volume: the share of volumes with an
/// extra bias field and its strength (sd per polynomial term), the share with a random tissue-contrast
/// curve (0: none), the share with a surface-coil field (bright at one or two edges, falling off towards
/// the middle; 0: none), and how many differently varied renditions of each volume the slices are drawn
/// from (1: every slice of a volume shares one draw).
/// </summary>
internal sealed record IntensityAugmentationOptions(double BiasProbability, double BiasSd, double ContrastCurveProbability, double CoilBiasProbability = 0, int Renditions = 1)
{
    /// <summary>What the shipped tumour network (and the first uterus networks) trained with: bias on 80% at sd 0.25, no contrast curve.</summary>
    public static IntensityAugmentationOptions Default { get; } = new(0.8, 0.25, 0);
}
