namespace RadCnn.Abstractions.Engine;

/// <summary>
/// What the FGSM probe found for one input: whether the model's decision changes under an adversarial
/// perturbation of the configured size, and the smallest perturbation that changes it.
/// </summary>
/// <param name="Epsilon">The configured perturbation size (in normalised input units).</param>
/// <param name="FlipsAtEpsilon">
/// Whether the decision changes at <paramref name="Epsilon"/>: the label for a classifier; for dense outputs,
/// agreement below the engine's flip level (Dice or 1 − relative change under 0.5 by default).
/// </param>
/// <param name="SmallestFlippingEpsilon">The smallest epsilon of the search that changed it; null if none did.</param>
/// <param name="Agreement">
/// Agreement between clean and perturbed outputs at <paramref name="Epsilon"/>: 1 or 0 for a classifier
/// (same label or not), Dice for a segmentation, 1 − relative change for an image.
/// </param>
/// <param name="Fragile">True when the decision flips at the configured epsilon or agreement falls below the threshold.</param>
public sealed record RobustnessReport(
    double Epsilon,
    bool FlipsAtEpsilon,
    double? SmallestFlippingEpsilon,
    double Agreement,
    bool Fragile);
