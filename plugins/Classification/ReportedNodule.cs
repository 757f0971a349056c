using RadCnn.Abstractions.Engine;

namespace RadCnn.Plugins.Classification;

/// <summary>
/// A nodule the result reports: its reading, decision, FGSM probe of that decision (null where not probed) and axial
/// Grad-CAM (32×32 over 48 mm).
/// </summary>
internal sealed record ReportedNodule(int Number, NoduleReading Reading, bool Malignant, RobustnessReport? Robustness, float[] AxialHeatMap)
{
    /// <summary>The engine's probe of the 3D model's own three-class argmax (what <see cref="Robustness"/> was until 1.3.0); null where not probed.</summary>
    public RobustnessReport? Robustness3d { get; init; }
}
