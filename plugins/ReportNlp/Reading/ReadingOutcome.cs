using RadCnn.Abstractions.Engine;

namespace RadCnn.Plugins.ReportNlp.Reading;

/// <summary>
/// What <see cref="BatchedReader"/> made of one <see cref="ReadingRequest"/>: the decision margin z
/// (positive at z ≥ 0), the FGSM probe, the decision of each rewrite, and the Grad-CAM weight of every
/// token read (empty when not explained).
/// </summary>
internal sealed record ReadingOutcome(double Z, RobustnessReport? Robustness, IReadOnlyList<bool> RewritePositive, float[] Heat)
{
    public bool Positive => Z >= 0;
}
