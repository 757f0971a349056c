using RadCnn.Dicom;

namespace RadCnn.Abstractions.Results;

/// <summary>
/// What a plugin returns for one work item. The host stamps provenance in result.json (plugin id and
/// version, times, the engine's device, the SHA-256 of each pinned model file) and delivers the parts:
/// findings and measurements in result.json, files to the outbox, DICOM objects to the PACS. The DICOM
/// objects (SR, SEG, secondary captures, derived series) are the plugin's to build, with the writers in
/// RadCnn.Dicom.Iods; the host adds file meta information and forwards them.
/// </summary>
/// <example>
/// <code>
/// return new PluginResult
/// {
///     Findings = [new Finding("RID50149", "Pulmonary nodule", 0.91) { Robustness = report }],
///     Measurements = [new Measurement("nodule diameter", 7.5, "mm")],
/// };
/// </code>
/// </example>
public sealed record PluginResult
{
    /// <summary>How processing ended; <see cref="PluginResultStatus.Succeeded"/> unless set.</summary>
    public PluginResultStatus Status { get; init; } = PluginResultStatus.Succeeded;

    /// <summary>Why processing failed or did not apply; optional on success. Never put patient data in it.</summary>
    public string? Message { get; init; }

    /// <summary>Coded findings with their probabilities.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Quantities with units (volumes, diameters, noise levels).</summary>
    public IReadOnlyList<Measurement> Measurements { get; init; } = [];

    /// <summary>Files for the outbox (heat maps as PNG, reports as JSON or text).</summary>
    public IReadOnlyList<OutputFile> Files { get; init; } = [];

    /// <summary>
    /// DICOM objects to send back to the PACS (segmentations, structured reports, secondary captures,
    /// derived images), each a complete dataset with its SOP Class and SOP Instance UIDs; the host adds the file meta information.
    /// </summary>
    public IReadOnlyList<DicomDataset> DicomObjects { get; init; } = [];

    /// <summary>Earlier results this one replaces; null when it replaces nothing.</summary>
    public ResultSupersession? Supersedes { get; init; }

    /// <summary>A failed result with <paramref name="message"/> (no patient data in it).</summary>
    public static PluginResult Failed(string message) => new() { Status = PluginResultStatus.Failed, Message = message };

    /// <summary>A result saying the item does not fit the plugin, with <paramref name="reason"/>.</summary>
    public static PluginResult NotApplicable(string reason) => new() { Status = PluginResultStatus.NotApplicable, Message = reason };
}
