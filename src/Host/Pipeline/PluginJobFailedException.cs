namespace RadCnn.Host.Pipeline;

/// <summary>A plugin attempt failed (threw, reported failure, or timed out): the runner retries it, then dead-letters it.</summary>
internal sealed class PluginJobFailedException : Exception
{
    public PluginJobFailedException()
    {
    }

    public PluginJobFailedException(string message)
        : base(message)
    {
    }

    public PluginJobFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
