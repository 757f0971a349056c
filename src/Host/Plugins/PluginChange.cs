namespace RadCnn.Host.Plugins;

/// <summary>What an operator's plugin change did: whether it changed anything, and the outcome in words (for the page and the audit log).</summary>
internal sealed record PluginChange(bool Changed, string Outcome);
