namespace RadCnn.Abstractions.Results;

/// <summary>
/// Says that a result replaces earlier ones, so the host and the PACS can retire them (for example a
/// corrected segmentation, or a new plugin version re-reading a series).
/// </summary>
/// <param name="Reason">Why, for operators and the audit trail; no patient data.</param>
public sealed record ResultSupersession(string Reason)
{
    /// <summary>Whether results of earlier versions of this plugin for the same work item are replaced.</summary>
    public bool EarlierVersions { get; init; } = true;

    /// <summary>SOP Instance UIDs of DICOM objects this result replaces.</summary>
    public IReadOnlyList<string> SopInstanceUids { get; init; } = [];
}
