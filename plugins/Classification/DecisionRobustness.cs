using RadCnn.Abstractions.Engine;

namespace RadCnn.Plugins.Classification;

/// <summary>
/// The engine's FGSM probe of a candidate's reported call along each direction <see cref="NoduleAnalyzer.ProbeDecisionAsync"/>
/// tries: the call's own gradient, the nodule boundary's, and (for a reported candidate) the malignancy boundary's. Each is a
/// change of the call wherever it flips, so the call is as fragile as the most successful of them (<see cref="Combined"/>).
/// </summary>
internal sealed record DecisionRobustness(RobustnessReport Call, RobustnessReport Nodule, RobustnessReport? Malignancy)
{
    /// <summary>
    /// The call flips at an epsilon when any direction flips it there: flips at the configured epsilon if any does, the
    /// smallest flipping epsilon of any, fragile if any is.
    /// </summary>
    public RobustnessReport Combined
    {
        get
        {
            RobustnessReport[] all = Malignancy is { } m ? [Call, Nodule, m] : [Call, Nodule];
            var flips = all.Any(r => r.FlipsAtEpsilon);
            var smallest = all.Select(r => r.SmallestFlippingEpsilon).Where(e => e is not null).Min();
            return new RobustnessReport(Call.Epsilon, flips, smallest, all.Min(r => r.Agreement), all.Any(r => r.Fragile));
        }
    }
}
