using RadCnn.Plugins.Classification.Training;

namespace RadCnn.Plugins.Classification.Evaluation;

/// <summary>Every candidate reading of one scan beside the scan's ground-truth nodules, and its in-plane pixel spacing (mm; NaN where unknown), which picks its decision band.</summary>
internal sealed record ScanOutcome(IReadOnlyList<NoduleReading> Readings, IReadOnlyList<LabelledNodule> Truth, double PixelSpacingMm = double.NaN);
