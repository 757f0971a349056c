using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Host.Hosting;
using RadCnn.Host.Store;

namespace RadCnn.Host.Plugins.Isolation;

/// <summary>
/// The service's side of one plugin host process (<c>radcnn plugin-host</c>): started in a session of
/// its own (so a kill takes every process it started), in a memory limit, fed calls through a folder
/// per call and length-prefixed control frames on its standard input and output. A call that ignores
/// its cancellation is ended by killing the process; a process that dies fails its calls with why.
/// </summary>
internal sealed class PluginProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(3);

    private readonly Process _process;
    private readonly MemoryLimit _limit;
    private readonly string _workDirectory;
    private readonly bool _ownGroup;
    private readonly ILogger _log;
    private readonly string _name;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<HostFrame>> _pending = new();
    private readonly TaskCompletionSource<HostFrame> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private long _nextJob;
    private volatile string? _lostReason;
    private string? _killReason;

    private PluginProcess(Process process, MemoryLimit limit, string workDirectory, bool ownGroup, ILogger log, string name)
    {
        _process = process;
        _limit = limit;
        _workDirectory = workDirectory;
        _ownGroup = ownGroup;
        _log = log;
        _name = name;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                PluginLog.ProcessOutput(_log, _name, line.Length > 500 ? line[..500] : line);
            }
        };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadAsync);
    }

    public int ProcessId => _process.Id;

    /// <summary>How the memory limit is enforced (cgroup v1, cgroup v2, or RLIMIT_DATA with the GC heap hard limit).</summary>
    public string LimitMechanism => _limit.Mechanism;

    public PluginDescription? Description { get; private set; }

    /// <summary>Why the process is gone (killed, crashed, over its memory limit); null while it serves calls.</summary>
    public string? LostReason => _lostReason;

    /// <summary>Starts a host process for the plugin copy in <paramref name="pluginDirectory"/> and waits until it has initialised the plugin.</summary>
    /// <exception cref="PluginLoadException">The process could not start, or the plugin failed to load or initialise in it.</exception>
    public static async Task<PluginProcess> StartAsync(
        PluginManifest manifest,
        string pluginDirectory,
        string workDirectory,
        IReadOnlyDictionary<string, string?> settings,
        PluginCatalogOptions options,
        ILogger log,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var name = $"{manifest.Id} {manifest.Version}";
        PrivateFiles.CreateDirectory(workDirectory);
        var limit = MemoryLimit.Create(manifest.Id, options.ProcessMemoryLimitMegabytes * 1024L * 1024L, options.CgroupRoot);
        var (start, ownGroup) = StartInfo(options);
        limit.Prepare(start);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new PluginLoadException("the plugin host process did not start");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            limit.Dispose();
            throw new PluginLoadException($"the plugin host process could not be started: {ex.Message}", ex);
        }

        limit.Join(process.Id);
        PluginLog.ProcessStarted(log, manifest.Id, manifest.Version.ToString(), process.Id, limit.Describe(), limit.Mechanism);
        var host = new PluginProcess(process, limit, workDirectory, ownGroup, log, name);
        try
        {
            await host.SendAsync(new HostFrame(HostFrame.Init)
            {
                PluginDirectory = pluginDirectory,
                Settings = settings,
                DataLimitBytes = limit.SelfImposed ? limit.Bytes : null,
                InitializeTimeoutSeconds = options.InitializeTimeout.TotalSeconds,
            }, cancellationToken).ConfigureAwait(false);
            var ready = await host._ready.Task.WaitAsync(options.InitializeTimeout + options.ProcessStartTimeout, time, cancellationToken).ConfigureAwait(false);
            if (ready.Type != HostFrame.Ready)
            {
                throw new PluginLoadException(ready.Message ?? "the plugin failed in its host process");
            }

            host.Description = ready.Description ?? new PluginDescription(manifest.DisplayName ?? manifest.Id);
            return host;
        }
        catch (Exception ex)
        {
            host.Kill("it did not start");
            await host.DisposeAsync().ConfigureAwait(false);
            throw ex switch
            {
                PluginLoadException => ex,
                OperationCanceledException when cancellationToken.IsCancellationRequested => ex,
                TimeoutException => new PluginLoadException($"the plugin host process did not report ready within {(options.InitializeTimeout + options.ProcessStartTimeout).TotalSeconds:0} s", ex),
                PluginProcessException or IOException => new PluginLoadException($"the plugin host process ended during start-up: {host.LostReason ?? ex.Message}", ex),
                _ => new PluginLoadException($"the plugin host process failed during start-up: {ex.GetType().Name}", ex),
            };
        }
    }

    /// <summary>
    /// Runs one call in the process. Returns the plugin's result; a call that threw, was cancelled at
    /// its timeout, ignored that cancellation (the process is then killed) or lost its process throws
    /// <see cref="PluginProcessException"/>; <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<PluginResult> RunAsync(WorkItem item, TimeSpan timeout, TimeSpan grace, TimeProvider time, CancellationToken cancellationToken)
    {
        var job = Interlocked.Increment(ref _nextJob);
        var folder = Path.Combine(_workDirectory, $"job-{job}");
        var done = new TaskCompletionSource<HostFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[job] = done;
        try
        {
            ThrowIfLost();
            await JobFolder.WriteItemAsync(folder, item, cancellationToken).ConfigureAwait(false);
            await SendAsync(new HostFrame(HostFrame.Run) { Job = job, Folder = folder }, cancellationToken).ConfigureAwait(false);
            HostFrame frame;
            try
            {
                frame = await done.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await TrySendAsync(new HostFrame(HostFrame.Cancel) { Job = job }).ConfigureAwait(false);
                try
                {
                    frame = await done.Task.WaitAsync(grace, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    var reason = $"did not finish within its timeout of {timeout.TotalSeconds:0.###} s and ignored cancellation; its host process was killed";
                    Kill(reason);
                    throw new PluginProcessException(reason, timedOut: true, processLost: true);
                }

                if (frame.Threw)
                {
                    throw new PluginProcessException($"cancelled at its timeout of {timeout.TotalSeconds:0.###} s", timedOut: true, processLost: false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await TrySendAsync(new HostFrame(HostFrame.Cancel) { Job = job }).ConfigureAwait(false);
                throw;
            }

            if (frame.Threw)
            {
                var message = frame.Message ?? "the plugin failed";
                var colon = message.IndexOf(':', StringComparison.Ordinal);
                throw new PluginProcessException(message, timedOut: false, processLost: false) { PluginExceptionType = colon > 0 ? message[..colon] : "Exception" };
            }

            try
            {
                return JobFolder.ReadResult(folder);
            }
            catch (InvalidDataException ex)
            {
                throw new PluginProcessException($"its result could not be taken: {ex.Message}", timedOut: false, processLost: false);
            }
        }
        finally
        {
            _pending.TryRemove(job, out _);
            DurableFile.TryDelete(folder);
        }
    }

    /// <summary>Kills the process and everything it started (its whole session); later calls fail with <paramref name="reason"/>.</summary>
    public void Kill(string reason)
    {
        Interlocked.CompareExchange(ref _killReason, reason, null);
        try
        {
            if (_ownGroup)
            {
                UnixProcess.KillGroup(_process.Id);
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Asks the process to dispose the plugin and exit (its standard input closes); kills it when it does not.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
        }

        using (var wait = new CancellationTokenSource(ExitWait + ExitWait))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill("it did not exit when asked");
            }
        }

        Kill("the plugin was unloaded"); // whatever it started is still in its session
        try
        {
            await _reader.WaitAsync(ExitWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _limit.Dispose();
        _process.Dispose();
        _write.Dispose();
        DurableFile.TryDelete(_workDirectory);
    }

    private static (ProcessStartInfo Start, bool OwnGroup) StartInfo(PluginCatalogOptions options)
    {
        var assembly = string.IsNullOrWhiteSpace(options.HostAssembly) ? typeof(PluginProcess).Assembly.Location : Path.GetFullPath(options.HostAssembly);
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? self
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
        var start = new ProcessStartInfo(setsid ?? dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (setsid is not null)
        {
            start.ArgumentList.Add(dotnet);
        }

        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(PluginHostChild.Verb);

        // The service's own settings stay with the service: the child gets only what its init frame carries.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("RADCNN_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        return (start, setsid is not null);
    }

    private async Task ReadAsync()
    {
        var stream = _process.StandardOutput.BaseStream;
        string? problem = null;
        try
        {
            while (await HostFrame.ReadAsync(stream, CancellationToken.None).ConfigureAwait(false) is { } frame)
            {
                switch (frame.Type)
                {
                    case HostFrame.Ready or HostFrame.Failed:
                        _ready.TrySetResult(frame);
                        break;
                    case HostFrame.Done when _pending.TryGetValue(frame.Job, out var done):
                        done.TrySetResult(frame);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException)
        {
            problem = ex.Message;
        }

        // The stream ended: the process exited or was killed. Say why to every call still waiting.
        if (problem is not null && _killReason is null)
        {
            Kill("it broke the control protocol: " + problem);
        }

        using (var wait = new CancellationTokenSource(ExitWait))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill("it closed its output but did not exit");
            }
        }

        var reason = DescribeExit();
        _lostReason = reason;
        PluginLog.ProcessEnded(_log, _name, _process.Id, reason);
        var lost = new PluginProcessException(reason, timedOut: false, processLost: true);
        _ready.TrySetException(lost);
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(lost);
        }
    }

    private string DescribeExit()
    {
        int? code = null;
        try
        {
            _process.WaitForExit(ExitWait);
            code = _process.HasExited ? _process.ExitCode : null;
        }
        catch (InvalidOperationException)
        {
        }

        if (code == PluginHostChild.OutOfMemoryExitCode || _limit.WasReached())
        {
            return $"its host process went over its memory limit of {_limit.Describe()} ({_limit.Mechanism}) and was {(code == PluginHostChild.OutOfMemoryExitCode ? "stopped" : "killed")}";
        }

        if (_killReason is { } killed)
        {
            return $"its host process was killed: {killed}";
        }

        return code switch
        {
            null => "its host process stopped answering",
            0 => "its host process exited",
            > 128 => $"its host process died of signal {code - 128}",
            _ => $"its host process exited with code {code}",
        };
    }

    private void ThrowIfLost()
    {
        if (_lostReason is { } reason)
        {
            throw new PluginProcessException(reason, timedOut: false, processLost: true);
        }
    }

    private async Task SendAsync(HostFrame frame, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await HostFrame.WriteAsync(_process.StandardInput.BaseStream, frame, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // A broken pipe: the process is gone; the reader says why.
            await _reader.WaitAsync(ExitWait + ExitWait, cancellationToken).ConfigureAwait(false);
            ThrowIfLost();
            throw;
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task TrySendAsync(HostFrame frame)
    {
        try
        {
            using var bounded = new CancellationTokenSource(ExitWait);
            await SendAsync(frame, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or PluginProcessException or TimeoutException or ObjectDisposedException)
        {
            // Best effort: a process that cannot be told is killed or already gone.
        }
    }
}
