namespace RadCnn.Host.Plugins;

/// <summary>What installing the shipped plugins does to one folder of the plugins directory.</summary>
internal enum ShippedPluginAction
{
    /// <summary>Not there yet: copied in.</summary>
    Install,

    /// <summary>Installed earlier by RadCnn from another build: replaced.</summary>
    Update,

    /// <summary>Installed by RadCnn from this very build: nothing to do.</summary>
    UpToDate,

    /// <summary>A folder of that name that RadCnn did not install (the operator's own): left alone.</summary>
    KeptOperatorFolder,
}
