namespace RadCnn.Abstractions.Manifest;

/// <summary>A plugin manifest that cannot be used, with every problem found (not just the first).</summary>
public sealed class PluginManifestException : Exception
{
    /// <summary>Creates the exception from its list of problems.</summary>
    public PluginManifestException(IReadOnlyList<string> errors)
        : base(errors is null || errors.Count == 0 ? "Invalid plugin manifest." : string.Join("; ", errors))
    {
        Errors = errors ?? [];
    }

    /// <summary>Creates the exception with one problem.</summary>
    public PluginManifestException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    public PluginManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception with no detail.</summary>
    public PluginManifestException()
        : this([])
    {
    }

    /// <summary>Each problem, one sentence each, naming the field concerned.</summary>
    public IReadOnlyList<string> Errors { get; }
}
