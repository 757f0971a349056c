namespace RadCnn.Host.Plugins;

/// <summary>Where a plugin version is in its life, as operators see it.</summary>
internal enum PluginState
{
    /// <summary>Being copied, checked and initialised.</summary>
    Loading,

    /// <summary>Receiving new work.</summary>
    Active,

    /// <summary>Replaced or removed: finishing its in-flight work, then unloaded.</summary>
    Draining,

    /// <summary>Disposed and its load context unloaded.</summary>
    Unloaded,

    /// <summary>Could not be loaded or initialised; the reason says why. Retried when its folder changes.</summary>
    Failed,

    /// <summary>A valid folder whose version is lower than the active one of the same id (kept for rollback).</summary>
    Superseded,
}
