using RadCnn.Dicom.Iods;

namespace RadCnn.Training.Inference;

/// <summary>
/// What an image operator's one binary finding is called in results: its code (the Finding and the SR),
/// its site, and the words of the message, key-image caption and report.
/// </summary>
/// <param name="Code">Coded concept of the finding (e.g. SCT 56717001 Tuberculosis).</param>
/// <param name="Name">Lower-case name in messages and captions (e.g. "tuberculosis").</param>
/// <param name="PositiveLabel">SR label of a positive decision (e.g. "Tuberculosis suspected").</param>
/// <param name="NegativeLabel">SR label of a negative decision (e.g. "Tuberculosis not detected").</param>
public sealed record FindingDescription(CodedConcept Code, string Name, string PositiveLabel, string NegativeLabel)
{
    /// <summary>Anatomical site recorded with the finding in the SR.</summary>
    public CodedConcept? Site { get; init; }

    /// <summary>Name of the algorithm in the results (Manufacturer's Model Name); the plugin id when null.</summary>
    public string? AlgorithmName { get; init; }

    /// <summary>Sentence appended to the report's comment (e.g. the model's limits).</summary>
    public string? Note { get; init; }

    /// <summary>What the probability is the output of, at the start of the report's comment (e.g. "Ensemble").</summary>
    public string Model { get; init; } = "Model";
}
