namespace RadCnn.Host.Plugins;

/// <summary>
/// Isolation from a plugin that does not cooperate: calls it abandoned at their timeout are watched, and
/// while one of them still holds a thread the plugin is quarantined (no new work, reason in the status).
/// </summary>
internal sealed partial class LoadedPlugin
{
    /// <summary>
    /// Why the plugin gets no work now: it ignored cancellation and a call of it still holds a thread.
    /// Lifted when its last abandoned call ends; a redeployed version starts without it.
    /// </summary>
    public string? QuarantineReason => _quarantine;

    /// <summary>Told when the plugin enters or leaves quarantine (the catalog rewrites its status).</summary>
    public Action? QuarantineChanged { get; set; }

    private void Quarantine(string reason)
    {
        if (Volatile.Read(ref _abandoned) == 0)
        {
            return; // it finished meanwhile
        }

        _quarantine = reason;
        PluginLog.Quarantined(_log, Id, VersionText, Volatile.Read(ref _abandoned));
        QuarantineChanged?.Invoke();
    }

    private void Abandon(Task? task)
    {
        if (task is null || task.IsCompleted)
        {
            return;
        }

        Interlocked.Increment(ref _abandoned);
        _ = task.ContinueWith(
            t =>
            {
                _ = t.Exception; // observed, so a late failure is not an unobserved-task crash report
                if (Interlocked.Decrement(ref _abandoned) == 0 && _quarantine is not null)
                {
                    _quarantine = null;
                    PluginLog.QuarantineLifted(_log, Id, VersionText);
                    QuarantineChanged?.Invoke();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
