namespace RadCnn.Host.Plugins.Isolation;

/// <summary>A call to a plugin host process that did not return a result: why, and whether the process is gone.</summary>
internal sealed class PluginProcessException : Exception
{
    public PluginProcessException()
    {
    }

    public PluginProcessException(string message)
        : base(message)
    {
    }

    public PluginProcessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PluginProcessException(string message, bool timedOut, bool processLost)
        : base(message)
    {
        TimedOut = timedOut;
        ProcessLost = processLost;
    }

    /// <summary>The call ran into its timeout (cancelled in time, or killed when it was not).</summary>
    public bool TimedOut { get; }

    /// <summary>The process was killed or died: the plugin is quarantined and a fresh process starts later.</summary>
    public bool ProcessLost { get; }

    /// <summary>For a call the plugin itself failed (it threw): the exception's type name.</summary>
    public string? PluginExceptionType { get; init; }
}
