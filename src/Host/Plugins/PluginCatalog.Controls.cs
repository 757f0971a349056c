namespace RadCnn.Host.Plugins;

/// <summary>
/// What an operator may change besides the folder: turn a plugin off and on, roll it back to the
/// version it replaced (while that folder is still in the plugins directory, superseded), and go
/// back to the highest version. Each change is recorded in <see cref="PluginControls"/> first and
/// then applied by a reconcile, so it is the same path as a deployment: the old version drains its
/// in-flight jobs and is unloaded.
/// </summary>
internal sealed partial class PluginCatalog
{
    private const string DisabledReason = "disabled by an operator";

    /// <summary>The operator's control over <paramref name="pluginId"/> (none, disabled, held at a version).</summary>
    public PluginControl ControlOf(string pluginId) => _controls.Get(pluginId);

    /// <summary>The versions of <paramref name="pluginId"/> the folder holds that can be loaded, highest first.</summary>
    public IReadOnlyList<string> AvailableVersions(string pluginId)
    {
        lock (_gate)
        {
            return [.. _folders.Values.Where(f => f.IsCandidate && f.Manifest!.Id == pluginId)
                .Select(f => f.Manifest!.Version).Distinct().OrderDescending().Select(v => v.ToString())];
        }
    }

    /// <summary>No version of the plugin gets work until <see cref="EnableAsync"/>; its queued jobs wait.</summary>
    public Task<PluginChange> DisableAsync(string pluginId, CancellationToken cancellationToken) =>
        ChangeAsync(pluginId, c => c.Disabled ? null : c with { Disabled = true }, "disabled; the running version drains and is unloaded", cancellationToken);

    public Task<PluginChange> EnableAsync(string pluginId, CancellationToken cancellationToken) =>
        ChangeAsync(pluginId, c => c.Disabled ? c with { Disabled = false } : null, "enabled", cancellationToken);

    /// <summary>Holds the plugin at the highest loadable version below the one running now.</summary>
    public async Task<PluginChange> RollBackAsync(string pluginId, CancellationToken cancellationToken)
    {
        if (Loaded(pluginId) is not { } running)
        {
            return new PluginChange(false, IsInstalled(pluginId) == true ? "not rolled back: no version is active (enable it first)" : "not rolled back: no such plugin");
        }

        var previous = AvailableVersions(pluginId).Select(PluginVersionOf).Where(v => v is not null && v < running.Manifest.Version).Max();
        if (previous is null)
        {
            return new PluginChange(false, $"not rolled back: the plugins folder keeps no version of {pluginId} below {running.VersionText}");
        }

        return await ChangeAsync(pluginId, c => c with { PinnedVersion = previous.ToString() },
            $"rolled back from {running.VersionText} to {previous}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a roll-back: the highest version in the folder is active again.</summary>
    public Task<PluginChange> UseNewestAsync(string pluginId, CancellationToken cancellationToken) =>
        ChangeAsync(pluginId, c => c.PinnedVersion is null ? null : c with { PinnedVersion = null }, "back to the highest version", cancellationToken);

    private async Task<PluginChange> ChangeAsync(string pluginId, Func<PluginControl, PluginControl?> change, string done, CancellationToken cancellationToken)
    {
        if (IsInstalled(pluginId) != true)
        {
            return new PluginChange(false, "no such plugin");
        }

        var current = _controls.Get(pluginId);
        if (change(current) is not { } next)
        {
            return new PluginChange(false, "nothing to change: " + Describe(current));
        }

        _controls.Set(pluginId, next);
        await ReconcileAsync(cancellationToken).ConfigureAwait(false);
        var running = Loaded(pluginId);
        return new PluginChange(true, running is null ? done : $"{done}; active: {running.VersionText}");
    }

    private static string Describe(PluginControl control) =>
        control.Disabled ? "the plugin is disabled" : control.PinnedVersion is { } pin ? $"the plugin is held at {pin}" : "the plugin runs its highest version";

    private static Abstractions.Manifest.PluginVersion? PluginVersionOf(string text) =>
        Abstractions.Manifest.PluginVersion.TryParse(text, out var version) ? version : null;

    // Status lines as the operator's controls make them: a disabled plugin's folders, the versions a roll-back passed over.
    private PluginStatus WithControl(PluginStatus status)
    {
        var control = _controls.Get(status.Id);
        if (control.Disabled && status.State is "superseded" or "unloaded" or "draining")
        {
            return status.State == "superseded" ? status with { State = "disabled", Reason = DisabledReason } : status;
        }

        if (control.PinnedVersion is { } pin && status.State == "superseded" && status.Version != pin)
        {
            return status with { Reason = $"rolled back to {pin} by an operator" };
        }

        return status;
    }
}
