namespace RadCnn.Host.Plugins.Isolation;

/// <summary>Where a plugin's calls run, chosen per plugin id by the operator (<c>RadCnn:Plugins:Isolation:&lt;id&gt;</c>).</summary>
internal enum PluginIsolation
{
    /// <summary>In the service's own process, in a collectible load context (the default; for the shipped plugins).</summary>
    InProcess,

    /// <summary>In a child <c>radcnn plugin-host</c> process of its own, with a memory limit and killed at its timeout.</summary>
    Process,
}
