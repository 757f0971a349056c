using RadCnn.Abstractions.Engine;
using RadCnn.Training.Data;

namespace RadCnn.Training.Inference;

/// <summary>
/// What an image operator read from one 2D image: the calibrated probability and the decision at the
/// validated threshold, the FGSM probe's report (null when probing is off), the Grad-CAM heat map over
/// the image (padding cropped, 0-1; empty when the model explains nothing) and the distance from the
/// training inputs.
/// </summary>
public sealed record ImageReading(double Probability, bool Positive, RobustnessReport? Robustness, float[] HeatMap, int HeatRows, int HeatColumns)
{
    /// <summary>The input the image was prepared for (from model.json).</summary>
    public required InputSpec Input { get; init; }

    /// <summary>Distance of the prepared image from the training inputs (model.json's profile); null without a profile.</summary>
    public double? DistributionDistance { get; init; }

    /// <summary>The image is unlike the training inputs: the probability is not to be trusted.</summary>
    public bool OutOfDistribution { get; init; }

    /// <summary>Where the heat map peaks, in source pixel coordinates (column, row; pixel centres at .5), or null without a map.</summary>
    public (double Column, double Row)? Peak(int sourceRows, int sourceColumns)
    {
        if (HeatMap.Length == 0 || HeatRows == 0 || HeatColumns == 0)
        {
            return null;
        }

        var index = 0;
        for (var i = 1; i < HeatMap.Length; i++)
        {
            index = HeatMap[i] > HeatMap[index] ? i : index;
        }

        return (((index % HeatColumns) + 0.5) * sourceColumns / HeatColumns, ((index / HeatColumns) + 0.5) * sourceRows / HeatRows);
    }
}
