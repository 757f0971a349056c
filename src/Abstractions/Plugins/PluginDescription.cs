namespace RadCnn.Abstractions.Plugins;

/// <summary>A plugin's own account of itself, shown to operators and kept with its results.</summary>
/// <param name="Summary">One sentence: the task, for example "Benign vs malignant lung nodule candidates on CT".</param>
public sealed record PluginDescription(string Summary)
{
    /// <summary>Intended use and its limits, for example "Research only; trained on synthetic phantoms".</summary>
    public string? IntendedUse { get; init; }

    /// <summary>The finding codes this plugin can report (<see cref="Results.Finding.Code"/>).</summary>
    public IReadOnlyList<string> FindingCodes { get; init; } = [];
}
