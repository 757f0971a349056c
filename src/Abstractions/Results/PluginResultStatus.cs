namespace RadCnn.Abstractions.Results;

/// <summary>How a plugin's processing of a work item ended.</summary>
public enum PluginResultStatus
{
    /// <summary>Processed; the result holds the plugin's findings and outputs (possibly none: a negative study).</summary>
    Succeeded = 0,

    /// <summary>The plugin could not process the item; <see cref="PluginResult.Message"/> says why. The host may retry.</summary>
    Failed = 1,

    /// <summary>The item turned out not to fit the plugin (for example too few slices); not an error, never retried.</summary>
    NotApplicable = 2,
}
