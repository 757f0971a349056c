using System.Runtime.CompilerServices;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Host.Plugins.Isolation;
using RadCnn.Host.Store;

namespace RadCnn.Host.Plugins;

/// <summary>
/// One loaded version of a plugin: its private folder copy, its collectible load context, its
/// instance, services and engine registrations, and the guard (timeout, circuit breaker) around every call.
/// </summary>
internal sealed partial class LoadedPlugin
{
    private readonly PluginHostServices _host;
    private readonly ILogger _log;
    private readonly OwnedInferenceEngine _engine;
    private readonly ResiliencePipeline<PluginRun> _breaker;
    private PluginLoader? _loader;
    private IRadCnnPlugin? _plugin;
    private ServiceProvider? _provider;
    private int _abandoned;
    private volatile string? _quarantine;
    private long _calls;
    private long _failures;
    private PluginProcess? _process;
    private string? _processWorkDirectory;

    private LoadedPlugin(PluginFolder folder, PluginManifest manifest, string shadowDirectory, PluginHostServices host)
    {
        Folder = folder;
        Manifest = manifest;
        ShadowDirectory = shadowDirectory;
        _host = host;
        _log = host.LoggerFactory.CreateLogger("RadCnn.Host.Plugins.Catalog");
        _engine = new OwnedInferenceEngine(host.Engine);
        Isolation = host.Options.IsolationOf(manifest.Id);
        var options = host.Options;
        _breaker = new ResiliencePipelineBuilder<PluginRun> { TimeProvider = host.TimeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<PluginRun>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = Math.Max(2, options.BreakerMinimumThroughput),
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { IsFailure: true }),
                OnOpened = args =>
                {
                    PluginLog.CircuitOpened(_log, Id, VersionText, args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public PluginFolder Folder { get; }

    public PluginManifest Manifest { get; }

    public string Id => Manifest.Id;

    public string VersionText => Manifest.Version.ToString();

    public string ShadowDirectory { get; }

    /// <summary>Where the calls run: in this process, or in a plugin host process of its own.</summary>
    public PluginIsolation Isolation { get; }

    public PluginDescription? Description { get; private set; }

    public PluginState State { get; set; } = PluginState.Loading;

    public string? StateReason { get; set; }

    /// <summary>Leases held by running jobs; changed only under the catalog's lock.</summary>
    public int Leases { get; set; }

    public int AbandonedCalls => Volatile.Read(ref _abandoned);

    public long Calls => Interlocked.Read(ref _calls);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>After unloading: whether the load context was seen collected.</summary>
    public bool? Collected { get; private set; }

    /// <summary>Set once the unload has begun; the catalog's own test hook for "is it collected".</summary>
    public Task<bool>? Unloading { get; set; }

    /// <summary>Copies the folder, checks it, loads the assembly and initialises the plugin. Throws <see cref="PluginLoadException"/>.</summary>
    public static async Task<LoadedPlugin> LoadAsync(PluginFolder folder, ShadowRoot shadowRoot, PluginHostServices host, CancellationToken cancellationToken)
    {
        var manifest = folder.Manifest ?? throw new PluginLoadException(folder.Error ?? "no manifest");
        var shadow = shadowRoot.NewCopyPath(manifest.Id, manifest.Version.ToString());
        CopyDirectory(folder.Path, shadow);
        var loaded = new LoadedPlugin(folder, manifest, shadow, host);
        try
        {
            // Check what will actually run: the private copy, not the folder an operator may still be writing.
            var copied = ReadManifest(shadow);
            if (copied.Id != manifest.Id || copied.Version != manifest.Version)
            {
                throw new PluginLoadException("plugin.json changed while the folder was being copied; retrying on the next change.");
            }

            var entryPath = Path.Combine(shadow, manifest.EntryAssembly);
            PluginAssemblyLoader.CheckContract(manifest, entryPath);
            if (loaded.Isolation == PluginIsolation.Process)
            {
                // Its code never runs in this process: the child loads and initialises it.
                loaded._processWorkDirectory = shadowRoot.NewCopyPath(manifest.Id, manifest.Version + "-calls");
                await loaded.StartProcessAsync(cancellationToken).ConfigureAwait(false);
                return loaded;
            }

            (loaded._loader, loaded._plugin) = PluginAssemblyLoader.Load(manifest, entryPath);
            await loaded.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return loaded;
        }
        catch (Exception ex)
        {
            await loaded.UnloadAsync().ConfigureAwait(false);
            if (ex is PluginLoadException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw new PluginLoadException(PluginAssemblyLoader.Describe(ex), ex);
        }
    }

    /// <summary>Manifest rules, then the plugin's own check; a plugin that throws here declines the item.</summary>
    public bool Accepts(WorkItem item) => DeclineReason(item) is null;

    /// <summary>
    /// The one acceptance check: why this version declines <paramref name="item"/> (the manifest's rule it
    /// fails, or the plugin's own check), or null when it takes it. A plugin that throws here declines.
    /// </summary>
    public string? DeclineReason(WorkItem item)
    {
        if (Manifest.Accepts.DeclineReason(item) is { } rule)
        {
            return rule;
        }

        if (Isolation == PluginIsolation.Process)
        {
            // The plugin's own check runs in its process, as part of the call (a decline comes back as not applicable).
            return null;
        }

        if (_plugin is not { } plugin)
        {
            return "the plugin is not loaded";
        }

        if (_quarantine is not null)
        {
            // Not asked while quarantined: the job waits with the plugin's others instead of being lost.
            return null;
        }

        // Off the caller's thread and bounded: a check that blocks must not hold a runner worker. Its own
        // thread, and the bound counted from when the check starts: on a busy machine a queued check is the
        // host's delay, not the plugin blocking, and must not quarantine it.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var check = Task.Factory.StartNew(
            () =>
            {
                started.TrySetResult();
                return plugin.Accepts(item);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        var timeout = _host.Options.AcceptsTimeout;
        try
        {
            started.Task.GetAwaiter().GetResult();
            return check.WaitAsync(timeout, _host.TimeProvider).GetAwaiter().GetResult() ? null : "the plugin's own Accepts check declined it";
        }
        catch (TimeoutException)
        {
            Abandon(check);
            Quarantine($"its Accepts check blocked for more than {timeout.TotalSeconds:0.###} s and still runs; no work until it ends or a new version is deployed");
            return null; // its jobs wait in quarantine
        }
        catch (Exception ex)
        {
            PluginLog.CallFailed(_log, Id, VersionText, PluginRunOutcome.Failed, ex.GetType().Name);
            return $"the plugin's own Accepts check failed ({ex.GetType().Name})";
        }
    }

    /// <summary>Runs the plugin on <paramref name="item"/>; never throws except when <paramref name="cancellationToken"/> fires.</summary>
    public async Task<PluginRun> RunAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var start = _host.TimeProvider.GetTimestamp();
        Interlocked.Increment(ref _calls);
        if (_quarantine is { } quarantined)
        {
            return Finish(PluginRunOutcome.CircuitOpen, PluginResult.Failed($"plugin {Id} {VersionText} is quarantined: {quarantined}"), start);
        }

        PluginRun run;
        try
        {
            run = await _breaker.ExecuteAsync(token => InvokeAsync(item, token), cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            var retry = ex.RetryAfter is { } after ? $" for about {Math.Ceiling(after.TotalSeconds)} s" : string.Empty;
            run = Finish(PluginRunOutcome.CircuitOpen, PluginResult.Failed($"plugin {Id} {VersionText} is suspended after repeated failures{retry}; retry later"), start);
        }

        if (run.IsFailure)
        {
            Interlocked.Increment(ref _failures);
        }

        return run;
    }

    private async ValueTask<PluginRun> InvokeAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (Isolation == PluginIsolation.Process)
        {
            return await InvokeInProcessHostAsync(item, cancellationToken).ConfigureAwait(false);
        }

        var start = _host.TimeProvider.GetTimestamp();
        var plugin = _plugin ?? throw new ObjectDisposedException($"plugin {Id} {VersionText}");
        var timeout = Manifest.Timeout;
        using var timeoutSource = new CancellationTokenSource(timeout, _host.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        Task<PluginResult>? task = null;
        try
        {
            // On a thread of its own: a plugin that blocks synchronously (Thread.Sleep, a blocking read)
            // before its first await would otherwise hold the runner's worker, and the wait below, which
            // enforces the timeout, would never start.
            var token = linked.Token;
            task = Task.Factory.StartNew(
                () => plugin.ProcessAsync(item, token) ?? throw new InvalidOperationException("ProcessAsync returned no task."),
                CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default).Unwrap();

            // Wait no longer than timeout + grace: a plugin that ignores its token is abandoned, not awaited forever.
            var result = await task.WaitAsync(timeout + _host.Options.CancellationGrace, _host.TimeProvider, cancellationToken).ConfigureAwait(false);
            return Classify(result, start);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abandon(task);
            throw;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            return Fail(PluginRunOutcome.TimedOut, "TimeoutException", $"cancelled at its timeout of {timeout.TotalSeconds:0.###} s", start);
        }
        catch (TimeoutException)
        {
            Abandon(task);
            Quarantine($"a call ignored cancellation at its timeout of {timeout.TotalSeconds:0.###} s and still runs; no work until it ends or a new version is deployed");
            return Fail(PluginRunOutcome.TimedOut, "TimeoutException", $"did not finish within its timeout of {timeout.TotalSeconds:0.###} s and ignored cancellation; the call was abandoned", start);
        }
        catch (Exception ex)
        {
            return Fail(PluginRunOutcome.Failed, ex.GetType().Name, $"{ex.GetType().Name}: {ex.Message}", start);
        }
    }

    private PluginRun Classify(PluginResult? result, long start) => result switch
    {
        null => Fail(PluginRunOutcome.Failed, "InvalidOperationException", "the plugin returned no result", start),
        { Status: PluginResultStatus.Succeeded } => Finish(PluginRunOutcome.Succeeded, result, start),
        { Status: PluginResultStatus.NotApplicable } => Finish(PluginRunOutcome.NotApplicable, result, start),
        _ => Finish(PluginRunOutcome.Failed, result with { Message = result.Message ?? "the plugin reported a failure" }, start),
    };

    private PluginRun Fail(PluginRunOutcome outcome, string exceptionType, string message, long start)
    {
        PluginLog.CallFailed(_log, Id, VersionText, outcome, exceptionType);
        return Finish(outcome, PluginResult.Failed($"plugin {Id} {VersionText}: {message}"), start);
    }

    private PluginRun Finish(PluginRunOutcome outcome, PluginResult result, long start) =>
        new(Id, VersionText, outcome, ResultCopier.Copy(result), _host.TimeProvider.GetElapsedTime(start))
        {
            Summary = Description?.Summary,
            Models = Manifest.Models,
        };

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var plugin = _plugin!;
        var context = new PluginContext(
            Manifest,
            ShadowDirectory,
            _engine,
            _host.LoggerFactory.CreateLogger($"RadCnn.Plugins.{Id}"),
            _host.Configuration.GetSection($"Plugins:{Id}"),
            _host.TimeProvider);
        Description = ResultCopier.Copy(plugin.Describe());
        _provider = PluginServices.Build(plugin, context, _engine, _host.LoggerFactory, _host.TimeProvider);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_host.Options.InitializeTimeout);
        Task? init = null;
        try
        {
            init = plugin.InitializeAsync(context, timeout.Token).AsTask();
            await init.WaitAsync(_host.Options.InitializeTimeout + _host.Options.CancellationGrace, _host.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Abandon(init);
            throw new PluginLoadException($"InitializeAsync did not finish within {_host.Options.InitializeTimeout.TotalSeconds:0.###} s.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new PluginLoadException($"InitializeAsync threw {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Disposes the plugin, any model it left registered and its services, unloads its load context and
    /// reports whether the context was collected.
    /// </summary>
    public async Task<bool> UnloadAsync()
    {
        await StopProcessAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _plugin, null) is { } plugin)
        {
            try
            {
                await plugin.DisposeAsync().AsTask().WaitAsync(_host.Options.DisposeTimeout, TimeProvider.System).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                PluginLog.DisposeFailed(_log, Id, VersionText, ex.GetType().Name);
            }
        }

        try
        {
            _engine.DisposeRemaining();
            if (Interlocked.Exchange(ref _provider, null) is { } provider)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            PluginLog.DisposeFailed(_log, Id, VersionText, ex.GetType().Name);
        }

        var collected = true;
        if (_loader is not null)
        {
            var context = UnloadContext();
            FrameworkCaches.Clear();
            for (var i = 0; i < 40 && context.IsAlive; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                if (context.IsAlive)
                {
                    // Real time on purpose: this waits for the GC, not for anything a test clock should control.
                    await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System).ConfigureAwait(false);
                }
            }

            collected = !context.IsAlive;
        }

        Collected = collected;
        DurableFile.TryDelete(ShadowDirectory);
        return collected;
    }

    // Kept out of line so no local of this frame keeps the context reachable while the caller polls it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference UnloadContext()
    {
        var weak = new WeakReference(_loader!.LoadContext);
        _loader.Dispose();
        _loader = null;
        return weak;
    }

    private static PluginManifest ReadManifest(string directory)
    {
        try
        {
            return PluginManifest.Load(directory);
        }
        catch (PluginManifestException ex)
        {
            throw new PluginLoadException(ex.Message, ex);
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)), overwrite: true);
        }
    }
}
