using RadCnn.Abstractions.Results;
using RadCnn.Dicom;

namespace RadCnn.Training.Inference;

/// <summary>The parts of a <see cref="PluginResult"/> as result writers add them, image by image.</summary>
public sealed class ResultBuilder
{
    public List<Finding> Findings { get; } = [];

    public List<DicomDataset> DicomObjects { get; } = [];

    public List<OutputFile> Files { get; } = [];

    /// <summary>One line per image; joined with "; " into the result's message.</summary>
    public List<string> Messages { get; } = [];

    public PluginResult Build() => new()
    {
        Status = PluginResultStatus.Succeeded,
        Message = string.Join("; ", Messages),
        Findings = [.. Findings],
        Files = [.. Files],
        DicomObjects = [.. DicomObjects],
    };
}
