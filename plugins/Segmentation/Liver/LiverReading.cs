using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Segmentation.Analysis;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>The cascade's result with the robustness of each decision: the liver's and every mass's FGSM probe.</summary>
internal sealed record LiverReading(CascadeResult Cascade, RobustnessReport? LiverRobustness, IReadOnlyList<(LesionMeasure Lesion, double Probability, RobustnessReport? Robustness)> Masses)
{
    /// <summary>Mean liver probability inside the liver mask (0 when empty).</summary>
    public double LiverProbability { get; init; }

    /// <summary>The masses only the classical candidates found (their robustness is <see cref="ClassicalMassProbe"/>'s, not the engine's).</summary>
    public IReadOnlySet<LesionMeasure> FoundOnlyByCandidates { get; init; } = new HashSet<LesionMeasure>();

    /// <summary>The masses the zoomed reading added (<see cref="ZoomedMassRule"/>; their probability is the zoomed reading's).</summary>
    public IReadOnlySet<LesionMeasure> FoundByZoomedReading { get; init; } = new HashSet<LesionMeasure>();
}
