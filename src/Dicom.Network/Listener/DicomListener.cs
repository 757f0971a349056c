using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Dicom.Network.Tls;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>
/// RadCnn's DICOM storage and verification SCP. Accepts TCP (or TLS) connections, runs one
/// <see cref="ScpAssociation"/> per connection, and hands every received instance to an
/// <see cref="IDicomStorageHandler"/>. Connections beyond the concurrency limit are answered with a
/// transient A-ASSOCIATE-RJ (local limit exceeded) rather than left waiting. A connection counts against
/// that limit only once its A-ASSOCIATE-RQ has arrived; before that it holds one of a separate, larger
/// budget of pending connections on a short timer, so peers that connect and stall cannot keep
/// modalities out.
/// </summary>
public sealed partial class DicomListener : IAsyncDisposable
{
    private readonly DicomListenerOptions _options;
    private readonly IDicomStorageHandler _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<int, Task> _associations = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private ContentFlush? _contentFlush;
    private Task? _acceptLoop;
    private int _active;
    private int _pending;
    private int _established;
    private int _nextId;

    /// <summary>A listener, not yet bound; its meter (<c>RadCnn.Dicom.Network</c>) comes from <paramref name="meterFactory"/>, or is its own when that is null.</summary>
    public DicomListener(DicomListenerOptions options, IDicomStorageHandler handler, ILogger<DicomListener>? logger = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        if (options.MaxPduLength < 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxPduLength must be at least 4096");
        }

        _options = options;
        _handler = handler;
        _logger = logger ?? NullLogger<DicomListener>.Instance;
        Metrics = new ListenerMetrics(meterFactory);
    }

    internal ListenerMetrics Metrics { get; }

    /// <summary>How received files' content is flushed (null before <see cref="StartAsync"/>).</summary>
    internal ContentFlush? ContentFlush => _contentFlush;

    /// <summary>The bound address and port (useful with <see cref="DicomListenerOptions.Port"/> 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_socket?.LocalEndPoint ?? throw new InvalidOperationException("the listener is not started"));

    /// <summary>Connections being served right now, pending or established.</summary>
    public int ActiveAssociations => Volatile.Read(ref _active);

    /// <summary>Connections that have not yet delivered their A-ASSOCIATE-RQ.</summary>
    public int PendingConnections => Volatile.Read(ref _pending);

    /// <summary>Associations past their A-ASSOCIATE-RQ (accepted, or being answered).</summary>
    public int EstablishedAssociations => Volatile.Read(ref _established);

    /// <summary>Binds the port and starts accepting associations.</summary>
    /// <exception cref="DicomNetworkException">The port is in use, privileged or the address is not local; the message says which.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("the listener is already started");
        }

        Directory.CreateDirectory(_options.TempDirectory);
        // A live association touches its file at least once per idle timeout; older ones are orphans.
        var idle = _options.IdleTimeout > _options.ArtimTimeout ? _options.IdleTimeout : _options.ArtimTimeout;
        if (!_options.FilesStayInPlace)
        {
            IncomingInstanceFile.SweepLeftovers(_options.TempDirectory, _time.GetUtcNow() - (2 * idle));
        }

        // Opened before the first file is written (a syncfs descriptor reports only later errors).
        _contentFlush ??= ContentFlush.Open(_options.ContentFlush, _options.TempDirectory);
        if (_contentFlush.Mode != _options.ContentFlush)
        {
            LogContentFlushFallback(_logger, _options.ContentFlush.ToString(), _contentFlush.Mode.ToString());
        }

        var socket = new Socket(_options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (_options.BindAddress.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(_options.BindAddress, _options.Port));
            socket.Listen(512);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied or SocketError.AddressNotAvailable)
        {
            socket.Dispose();
            var why = ex.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "is already in use (another DICOM node or a second RadCnn?)",
                SocketError.AccessDenied => "needs privileges (ports below 1024: run as root or grant CAP_NET_BIND_SERVICE)",
                _ => "is not an address of this machine",
            };
            throw new DicomNetworkException($"cannot listen on {_options.BindAddress} port {_options.Port}: it {why}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        LogListening(_logger, _options.AeTitle, LocalEndPoint.Port, _options.Tls is not null);
        _acceptLoop = Task.Run(AcceptLoopAsync, cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, aborts the associations in progress and waits for them to clean up.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        await Task.WhenAll(_associations.Values).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        // Every association has awaited its flushes: nothing uses the descriptor any more.
        _contentFlush?.Dispose();
        _stopping.Dispose();
        Metrics.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Transient accept failures (out of file descriptors, reset before accept) must not stop the listener.
                LogAcceptFailed(_logger, ex.SocketErrorCode.ToString());
                await Task.Delay(50).ConfigureAwait(false);
                continue;
            }

            if (Interlocked.Increment(ref _pending) > _options.MaxPendingConnections)
            {
                // The pending budget is full (a flood of half-open connections): close at once rather than
                // queue; established associations and their slots are untouched.
                Interlocked.Decrement(ref _pending);
                Metrics.Rejected("pending-limit");
                client.Dispose();
                continue;
            }

            var id = Interlocked.Increment(ref _nextId);
            Interlocked.Increment(ref _active);
            var slot = new Slot(this);
            _associations[id] = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(client, slot).ConfigureAwait(false);
                }
                finally
                {
                    slot.Release();
                    Interlocked.Decrement(ref _active);
                    _associations.TryRemove(id, out _);
                }
            });
        }
    }

    private async Task ServeAsync(Socket client, Slot slot)
    {
        using (client)
        {
            // Debian's DCMTK peers leave Nagle on; setting it here removes most of the delay on our side.
            client.NoDelay = true;
            var remote = (client.RemoteEndPoint as IPEndPoint)?.Address;
            Stream stream = new NetworkStream(client, ownsSocket: false);
            try
            {
                if (_options.Tls is { } tls)
                {
                    var secure = await ServerTls.AuthenticateAsync(stream, tls, _stopping.Token).ConfigureAwait(false);
                    if (secure is null)
                    {
                        LogTlsFailed(_logger, remote?.ToString() ?? "?");
                        return;
                    }

                    stream = secure;
                }

                var association = new ScpAssociation(stream, remote, _options, _handler, _logger, slot.Establish, client, Metrics, _time, _contentFlush!);
                await association.RunAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Each association owns its failures: one misbehaving peer never stops the listener.
                LogAssociationFailed(_logger, ex.GetType().Name, ex.Message);
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                try
                {
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }

    /// <summary>One connection's place: pending until its A-ASSOCIATE-RQ arrives, then established (or over the limit).</summary>
    private sealed class Slot(DicomListener owner)
    {
        private int _state; // 0 pending, 1 established, 2 released

        /// <summary>Moves the connection from the pending budget to the established one; true when that is over its limit.</summary>
        public bool Establish()
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            {
                return false;
            }

            Interlocked.Decrement(ref owner._pending);
            return Interlocked.Increment(ref owner._established) > owner._options.MaxConcurrentAssociations;
        }

        public void Release()
        {
            switch (Interlocked.Exchange(ref _state, 2))
            {
                case 0:
                    Interlocked.Decrement(ref owner._pending);
                    break;
                case 1:
                    Interlocked.Decrement(ref owner._established);
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DICOM listener {AeTitle} on port {Port} (TLS: {Tls})")]
    private static partial void LogListening(ILogger logger, string aeTitle, int port, bool tls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "content flush {Asked} is not available here; using {InForce}")]
    private static partial void LogContentFlushFallback(ILogger logger, string asked, string inForce);

    [LoggerMessage(Level = LogLevel.Warning, Message = "accept failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS handshake with {Remote} failed")]
    private static partial void LogTlsFailed(ILogger logger, string remote);

    [LoggerMessage(Level = LogLevel.Error, Message = "association failed: {ExceptionType}: {Error}")]
    private static partial void LogAssociationFailed(ILogger logger, string exceptionType, string error);
}
