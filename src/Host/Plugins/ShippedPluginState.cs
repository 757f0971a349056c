namespace RadCnn.Host.Plugins;

/// <summary>One shipped plugin folder compared with the plugins directory: where it goes and what installing does.</summary>
internal sealed record ShippedPluginState(string Name, string Source, string Target, string ContentHash, ShippedPluginAction Action);
