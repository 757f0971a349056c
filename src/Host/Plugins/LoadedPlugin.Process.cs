using Microsoft.Extensions.Configuration;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Engine;
using RadCnn.Host.Plugins.Isolation;
using RadCnn.Host.Store;

namespace RadCnn.Host.Plugins;

/// <summary>
/// Out-of-process mode: the plugin runs in a <c>radcnn plugin-host</c> child with a memory limit. A call
/// that ignores its timeout gets the child killed; a child that dies (crash, memory limit) fails its
/// calls with why. Either way the plugin is quarantined for the circuit breaker's break duration
/// (reason in the status, readiness degraded) and the next call after it starts a fresh child.
/// </summary>
internal sealed partial class LoadedPlugin
{
    private readonly SemaphoreSlim _processGate = new(1, 1);
    private ITimer? _processQuarantine;

    /// <summary>The running host process's id (tests and diagnostics); null in process mode or while none runs.</summary>
    public int? HostProcessId => _process is { LostReason: null } process ? process.ProcessId : null;

    /// <summary>How the host process's memory limit is enforced; null in process mode or while none runs.</summary>
    public string? HostProcessLimit => _process?.LimitMechanism;

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var settings = _host.Configuration.GetSection(EngineOptions.SectionName).AsEnumerable()
            .Concat(_host.Configuration.GetSection($"Plugins:{Id}").AsEnumerable())
            .Append(new KeyValuePair<string, string?>(MemoryReturn.ThresholdSetting, _host.Configuration[MemoryReturn.ThresholdSetting]))
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        _process = await PluginProcess.StartAsync(Manifest, ShadowDirectory, _processWorkDirectory!, settings, _host.Options, _log, _host.TimeProvider, cancellationToken).ConfigureAwait(false);
        Description ??= ResultCopier.Copy(_process.Description!);
    }

    private async ValueTask<PluginRun> InvokeInProcessHostAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var start = _host.TimeProvider.GetTimestamp();
        PluginProcess process;
        try
        {
            process = await CurrentProcessAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PluginLoadException ex)
        {
            QuarantineProcess($"its host process could not be restarted: {ex.Message}");
            return Fail(PluginRunOutcome.Failed, nameof(PluginLoadException), $"its host process could not be started: {ex.Message}", start);
        }

        try
        {
            var result = await process.RunAsync(item, Manifest.Timeout, _host.Options.CancellationGrace, _host.TimeProvider, cancellationToken).ConfigureAwait(false);
            return Classify(result, start);
        }
        catch (PluginProcessException ex) when (ex.ProcessLost)
        {
            await DropProcessAsync(process).ConfigureAwait(false);
            QuarantineProcess(ex.TimedOut ? $"a call ignored cancellation at its timeout of {Manifest.Timeout.TotalSeconds:0.###} s and its host process was killed" : ex.Message);
            return Fail(ex.TimedOut ? PluginRunOutcome.TimedOut : PluginRunOutcome.Failed, ex.TimedOut ? "TimeoutException" : "PluginProcessLost", ex.Message, start);
        }
        catch (PluginProcessException ex)
        {
            return Fail(ex.TimedOut ? PluginRunOutcome.TimedOut : PluginRunOutcome.Failed, ex.TimedOut ? "TimeoutException" : ex.PluginExceptionType ?? "Exception", ex.Message, start);
        }
    }

    private async Task<PluginProcess> CurrentProcessAsync(CancellationToken cancellationToken)
    {
        if (_process is { LostReason: null } running)
        {
            return running;
        }

        await _processGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process is { LostReason: null } started)
            {
                return started;
            }

            if (Interlocked.Exchange(ref _process, null) is { } dead)
            {
                await dead.DisposeAsync().ConfigureAwait(false);
            }

            await StartProcessAsync(cancellationToken).ConfigureAwait(false);
            return _process!;
        }
        finally
        {
            _processGate.Release();
        }
    }

    private async Task DropProcessAsync(PluginProcess process)
    {
        if (Interlocked.CompareExchange(ref _process, null, process) == process)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void QuarantineProcess(string reason)
    {
        var duration = _host.Options.BreakerBreakDuration;
        _quarantine = $"{reason}; no work for {duration.TotalSeconds:0.###} s, then a fresh host process";
        PluginLog.ProcessQuarantined(_log, Id, VersionText, duration.TotalSeconds, reason);
        var timer = _host.TimeProvider.CreateTimer(_ => LiftProcessQuarantine(), null, duration, Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _processQuarantine, timer)?.Dispose();
        QuarantineChanged?.Invoke();
    }

    private void LiftProcessQuarantine()
    {
        if (_quarantine is null)
        {
            return;
        }

        _quarantine = null;
        PluginLog.ProcessQuarantineLifted(_log, Id, VersionText);
        QuarantineChanged?.Invoke();
    }

    private async Task StopProcessAsync()
    {
        Interlocked.Exchange(ref _processQuarantine, null)?.Dispose();
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        if (_processWorkDirectory is not null)
        {
            DurableFile.TryDelete(_processWorkDirectory);
        }
    }
}
