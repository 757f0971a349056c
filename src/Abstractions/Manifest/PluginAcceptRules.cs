using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Abstractions.Manifest;

/// <summary>
/// The manifest's <c>accepts</c> section: which work items the host routes to the plugin. All
/// comparisons ignore case. A plugin then refines the choice with <c>IRadCnnPlugin.Accepts</c>.
/// </summary>
public sealed record PluginAcceptRules
{
    /// <summary>Modalities of image series, for example ["CT"]. Image series are routed only when this or <see cref="SopClasses"/> is non-empty.</summary>
    public IReadOnlyList<string> Modalities { get; init; } = [];

    /// <summary>SOP Class UIDs of image series; empty means any class of the listed modalities.</summary>
    public IReadOnlyList<string> SopClasses { get; init; } = [];

    /// <summary>Body Part Examined values, for example ["CHEST"]; empty means any. A series without the attribute is not excluded.</summary>
    public IReadOnlyList<string> BodyParts { get; init; } = [];

    /// <summary>Report kinds (<see cref="ReportWorkItem.Kind"/>), or ["*"] for every report; empty means no reports.</summary>
    public IReadOnlyList<string> ReportKinds { get; init; } = [];

    /// <summary>Whether <paramref name="item"/> passes these rules.</summary>
    public bool Matches(WorkItem item) => DeclineReason(item) is null;

    /// <summary>Why <paramref name="item"/> does not pass these rules (one sentence, no patient data), or null when it does.</summary>
    public string? DeclineReason(WorkItem item) => item switch
    {
        ImageSeriesWorkItem series => SeriesDeclineReason(series),
        ReportWorkItem report => ReportKinds.Count == 0 ? "the manifest accepts no reports"
            : ReportKinds.Any(k => k == "*" || string.Equals(k, report.Kind, StringComparison.OrdinalIgnoreCase)) ? null
            : $"report kind {report.Kind} is not among the manifest's report kinds ({string.Join(", ", ReportKinds)})",
        _ => $"the manifest accepts no {item.GetType().Name}",
    };

    private string? SeriesDeclineReason(ImageSeriesWorkItem series)
    {
        if (Modalities.Count == 0 && SopClasses.Count == 0)
        {
            return "the manifest accepts no image series";
        }

        if (Modalities.Count > 0 && !Contains(Modalities, series.Modality))
        {
            return $"modality {series.Modality} is not among the manifest's modalities ({string.Join(", ", Modalities)})";
        }

        if (SopClasses.Count > 0 && !(series.SopClassUid is { } sop && SopClasses.Contains(sop, StringComparer.Ordinal)))
        {
            return $"SOP class {series.SopClassUid ?? "(none)"} is not among the manifest's SOP classes";
        }

        return BodyParts.Count == 0 || series.BodyPartExamined is null || Contains(BodyParts, series.BodyPartExamined) ? null
            : $"body part {series.BodyPartExamined.Trim()} is not among the manifest's body parts ({string.Join(", ", BodyParts)})";
    }

    private static bool Contains(IReadOnlyList<string> values, string value) => values.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);
}
