namespace RadCnn.Host.Runner;

/// <summary>The job's plugin cannot take work now (not loaded, or its circuit breaker is open): try again later, no attempt used.</summary>
internal sealed class PluginUnavailableException : Exception
{
    public PluginUnavailableException()
    {
    }

    public PluginUnavailableException(string message)
        : base(message)
    {
    }

    public PluginUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
