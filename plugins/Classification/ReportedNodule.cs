using RadCnn.Abstractions.Engine;

namespace RadCnn.Plugins.Classification;

/// <summary>A nodule the result reports: its reading, decision, FGSM probe (null where not probed) and axial Grad-CAM (32×32 over 48 mm).</summary>
internal sealed record ReportedNodule(int Number, NoduleReading Reading, bool Malignant, RobustnessReport? Robustness, float[] AxialHeatMap);
