using RadCnn.Plugins.Classification.Training;

namespace RadCnn.Plugins.Classification.Evaluation;

/// <summary>Every candidate reading of one scan beside the scan's ground-truth nodules.</summary>
internal sealed record ScanOutcome(IReadOnlyList<NoduleReading> Readings, IReadOnlyList<LabelledNodule> Truth);
