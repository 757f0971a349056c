namespace RadCnn.Host.Plugins;

/// <summary>A plugin version that cannot be loaded, with a reason fit for operators.</summary>
internal sealed class PluginLoadException : Exception
{
    public PluginLoadException(string message)
        : base(message)
    {
    }

    public PluginLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PluginLoadException()
    {
    }
}
