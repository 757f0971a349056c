using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Engine;

namespace RadCnn.Host.Plugins.Isolation;

/// <summary>
/// The plugin host process's side (<c>radcnn plugin-host</c>): reads the init frame, loads and
/// initialises the one plugin, then runs each call it is sent on a thread of its own and answers with
/// a done frame once the result is in the call's folder. Standard input closing means stop.
/// </summary>
internal sealed class PluginHostChild : IAsyncDisposable
{
    /// <summary>The hidden CLI verb that runs a plugin host process.</summary>
    public const string Verb = "plugin-host";

    /// <summary>The exit code of a process that ran out of memory (its GC heap or data limit).</summary>
    public const int OutOfMemoryExitCode = 86;

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _calls = new();
    private readonly List<Task> _running = [];

    // A plugin process holds the same volumes as the service's workers: it returns memory at the runner's threshold, which arrives with its settings.
    private MemoryReturn _memory = new(MemoryReturn.DefaultThresholdMegabytes);
    private IRadCnnPlugin? _plugin;
    private ServiceProvider? _provider;
    private ServiceProvider? _engineServices;

    private PluginHostChild(Stream input, Stream output, ILoggerFactory loggerFactory)
    {
        _input = input;
        _output = output;
        _loggerFactory = loggerFactory;
        _log = loggerFactory.CreateLogger("RadCnn.PluginHost");
    }

    /// <summary>Runs the process until its standard input closes; the exit code.</summary>
    public static async Task<int> RunAsync()
    {
        // Before anything writes to the console: frames get the real standard output, everything else standard error.
        var protocol = UnixProcess.DetachStandardOutput();
        Console.SetOut(new StreamWriter(Console.OpenStandardError()) { AutoFlush = true });
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }));
        await using var output = new FileStream(new SafeFileHandle(protocol, ownsHandle: true), FileAccess.Write, 1);
        await using var input = Console.OpenStandardInput();
        await using var child = new PluginHostChild(input, output, loggerFactory);
        try
        {
            return await child.ServeAsync().ConfigureAwait(false);
        }
        catch (OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync("plugin host: out of memory").ConfigureAwait(false);
            return OutOfMemoryExitCode;
        }
    }

    private async Task<int> ServeAsync()
    {
        var init = await HostFrame.ReadAsync(_input, CancellationToken.None).ConfigureAwait(false);
        if (init is not { Type: HostFrame.Init, PluginDirectory: { } directory })
        {
            return 2;
        }

        // A plugin that catches OutOfMemoryException and allocates on does not get to: the first one ends the process.
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            if (e.Exception is OutOfMemoryException)
            {
                UnixProcess.ExitNow(OutOfMemoryExitCode);
            }
        };

        if (init.DataLimitBytes is { } limit)
        {
            var applied = UnixProcess.LimitData(limit);
            _log.LogInformation("RLIMIT_DATA of {Megabytes} MiB {Result}", limit / (1024 * 1024), applied ? "applied" : "could not be applied");
        }

        try
        {
            var description = await LoadAsync(directory, init).ConfigureAwait(false);
            await SendAsync(new HostFrame(HostFrame.Ready) { Description = description }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = ex is PluginLoadException ? ex.Message : PluginAssemblyLoader.Describe(ex);
            await SendAsync(new HostFrame(HostFrame.Failed) { Message = reason }).ConfigureAwait(false);
            return 1;
        }

        while (await HostFrame.ReadAsync(_input, CancellationToken.None).ConfigureAwait(false) is { } frame)
        {
            switch (frame)
            {
                case { Type: HostFrame.Run, Folder: { } folder }:
                    var cancel = new CancellationTokenSource();
                    _calls[frame.Job] = cancel;
                    var job = frame.Job;
                    lock (_running)
                    {
                        _running.RemoveAll(t => t.IsCompleted);
                        _running.Add(Task.Factory.StartNew(
                            () => CallAsync(job, folder, cancel.Token),
                            CancellationToken.None,
                            TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                            TaskScheduler.Default).Unwrap());
                    }

                    break;
                case { Type: HostFrame.Cancel }:
                    if (_calls.TryGetValue(frame.Job, out var source))
                    {
                        await source.CancelAsync().ConfigureAwait(false);
                    }

                    break;
            }
        }

        // Standard input closed: the service unloads the plugin. Calls still running are cancelled.
        foreach (var source in _calls.Values)
        {
            await source.CancelAsync().ConfigureAwait(false);
        }

        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        await Task.WhenAny(Task.WhenAll(running), Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System)).ConfigureAwait(false);
        return 0;
    }

    private async Task<PluginDescription> LoadAsync(string directory, HostFrame init)
    {
        var manifest = PluginManifest.Load(directory);
        var entryPath = Path.Combine(directory, manifest.EntryAssembly);
        PluginAssemblyLoader.CheckContract(manifest, entryPath);
        var (_, plugin) = PluginAssemblyLoader.Load(manifest, entryPath);
        _plugin = plugin;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(init.Settings ?? new Dictionary<string, string?>()).Build();
        _memory = new MemoryReturn(MemoryReturn.ThresholdFrom(configuration));
        var engine = new LazyInferenceEngine(() =>
        {
            var services = new ServiceCollection();
            services.AddSingleton(_loggerFactory);
            services.AddSingleton(TimeProvider.System);
            services.AddRadCnnEngine().Bind(configuration.GetSection(EngineOptions.SectionName));
            _engineServices = services.BuildServiceProvider();
            return _engineServices.GetRequiredService<IInferenceEngine>();
        });
        var context = new PluginContext(
            manifest,
            directory,
            engine,
            _loggerFactory.CreateLogger($"RadCnn.Plugins.{manifest.Id}"),
            configuration.GetSection($"Plugins:{manifest.Id}"),
            TimeProvider.System);
        var description = ResultCopier.Copy(plugin.Describe());
        _provider = PluginServices.Build(plugin, context, engine, _loggerFactory, TimeProvider.System);
        var timeout = TimeSpan.FromSeconds(init.InitializeTimeoutSeconds > 0 ? init.InitializeTimeoutSeconds : 120);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await plugin.InitializeAsync(context, cancel.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not PluginLoadException)
        {
            throw new PluginLoadException($"InitializeAsync threw {ex.GetType().Name}: {ex.Message}", ex);
        }

        return description;
    }

    private async Task CallAsync(long job, string folder, CancellationToken cancellationToken)
    {
        HostFrame done;
        try
        {
            var plugin = _plugin!;
            var item = JobFolder.ReadItem(folder);
            var result = plugin.Accepts(item)
                ? await (plugin.ProcessAsync(item, cancellationToken) ?? throw new InvalidOperationException("ProcessAsync returned no task.")).ConfigureAwait(false)
                : PluginResult.NotApplicable("the plugin declined the item");
            JobFolder.WriteResult(folder, result ?? throw new InvalidOperationException("the plugin returned no result"));
            done = new HostFrame(HostFrame.Done) { Job = job };
        }
        catch (OutOfMemoryException)
        {
            // Nothing in this process can be trusted after it; the service reports the limit.
            await Console.Error.WriteLineAsync("plugin host: out of memory").ConfigureAwait(false);
            Environment.Exit(OutOfMemoryExitCode);
            return;
        }
        catch (Exception ex)
        {
            done = new HostFrame(HostFrame.Done) { Job = job, Threw = true, Message = $"{ex.GetType().Name}: {ex.Message}" };
        }
        finally
        {
            if (_calls.TryRemove(job, out var source))
            {
                source.Dispose();
            }
        }

        await SendAsync(done).ConfigureAwait(false);

        // The result is on disk and the service told: what the job allocated is garbage now.
        _memory.AfterJob();
    }

    private async Task SendAsync(HostFrame frame)
    {
        await _write.WaitAsync().ConfigureAwait(false);
        try
        {
            await HostFrame.WriteAsync(_output, frame, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The service is gone; standard input ends next and the process with it.
        }
        finally
        {
            _write.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _plugin, null) is { } plugin)
        {
            try
            {
                await plugin.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _log.LogWarning("the plugin failed while being disposed ({ExceptionType})", ex.GetType().Name);
            }
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync().ConfigureAwait(false);
        }

        if (_engineServices is not null)
        {
            await _engineServices.DisposeAsync().ConfigureAwait(false);
        }

        _write.Dispose();
    }
}
