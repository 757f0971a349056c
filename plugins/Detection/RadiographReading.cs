using RadCnn.Abstractions.Engine;

namespace RadCnn.Plugins.Detection;

/// <summary>What the ensemble said about one radiograph; the heat map covers the image (padding cropped), 0-1.</summary>
internal sealed record RadiographReading(double Probability, bool Positive, RobustnessReport? Robustness, float[] HeatMap, int HeatRows, int HeatColumns)
{
    /// <summary>Distance of the prepared image from the training inputs (model.json's profile); null without a profile.</summary>
    public double? DistributionDistance { get; init; }

    /// <summary>The image is unlike the training radiographs: the probability is not to be trusted.</summary>
    public bool OutOfDistribution { get; init; }
}
