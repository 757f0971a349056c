using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace RadCnn.Host.Plugins;

/// <summary>
/// Calls back when the plugins directory has changed and then stayed quiet for a while (so a folder
/// being copied is seen once, complete), and on a slow poll in case the watcher missed something or
/// could not be created (inotify limits).
/// </summary>
internal sealed class PluginDirectoryWatcher : IAsyncDisposable
{
    private readonly string _directory;
    private readonly PluginCatalogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Func<CancellationToken, Task> _onChange;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private FileSystemWatcher? _watcher;
    private Task? _loop;
    private int _disposed;

    public PluginDirectoryWatcher(string directory, PluginCatalogOptions options, TimeProvider time, ILogger log, Func<CancellationToken, Task> onChange)
    {
        _directory = directory;
        _options = options;
        _time = time;
        _log = log;
        _onChange = onChange;
    }

    public void Start()
    {
        try
        {
            _watcher = new FileSystemWatcher(_directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Changed += (_, _) => Signal();
            _watcher.Created += (_, _) => Signal();
            _watcher.Deleted += (_, _) => Signal();
            _watcher.Renamed += (_, _) => Signal();
            _watcher.Error += (_, _) => Signal();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            _watcher?.Dispose();
            _watcher = null;
            PluginLog.WatcherUnavailable(_log, ex.GetType().Name, _options.PollInterval.TotalSeconds);
        }

        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    private void Signal() => _signal.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var signalled = _signal.Reader.WaitToReadAsync(poll.Token).AsTask();
                var timer = Task.Delay(_options.PollInterval, _time, poll.Token);
                await Task.WhenAny(signalled, timer).ConfigureAwait(false);
                await poll.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();

                // Wait for the directory to go quiet: every further event restarts the wait.
                while (_signal.Reader.TryRead(out _))
                {
                    await Task.Delay(_options.QuietPeriod, _time, cancellationToken).ConfigureAwait(false);
                }

                await _onChange(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                PluginLog.LoadFailed(_log, _directory, $"{ex.GetType().Name} while scanning");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _watcher?.Dispose();
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }
}
