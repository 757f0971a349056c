using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using RadCnn.Dicom.Network.Sender;
using RadCnn.Dicom.Network.Tls;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Outputs;

/// <summary>
/// Sends each finished job's DICOM objects to the configured PACS with the network layer's C-STORE
/// sender, retrying with exponential backoff. Every delivery is recorded (pending, sent, failed with
/// the reason) so a PACS that is down shows in `radcnn status` and nothing is dropped silently.
/// Pending deliveries are picked up from the store after a restart and whenever `radcnn replay
/// --deliveries` puts failed ones back; failed ones are also tried again on their own after
/// <see cref="ForwardingOptions.RetryFailedAfterMinutes"/>. In a cluster the ingest nodes deliver: a worker
/// only records the delivery as pending in the shared store, and an ingest node's scan of the store sends it.
/// </summary>
internal sealed class ResultForwarder
{
    private readonly Channel<(long JobId, string Folder, IReadOnlyList<string> Files)> _queue =
        Channel.CreateUnbounded<(long, string, IReadOnlyList<string>)>();

    // Jobs queued or being sent, so a scan of the store does not queue them twice.
    private readonly ConcurrentDictionary<long, byte> _inFlight = new();
    private readonly IJobStore _store;
    private readonly ForwardingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly DicomClientTlsOptions? _tls;

    private readonly bool _sendsHere;

    // sendsHere: false on a cluster worker, whose deliveries are recorded for an ingest node to send.
    public ResultForwarder(IJobStore store, ForwardingOptions options, TimeProvider time, ILogger<ResultForwarder> log, bool sendsHere = true)
    {
        _sendsHere = sendsHere;
        _tls = options.CreateTls();
        _store = store;
        _options = options;
        _time = time;
        _log = log;
    }

    public async Task EnqueueAsync(long jobId, string folder, IReadOnlyList<string> files, CancellationToken cancellationToken = default)
    {
        await _store.RecordDeliveryAsync(jobId, _options.Destination, "pending", null, cancellationToken).ConfigureAwait(false);
        if (_sendsHere && _inFlight.TryAdd(jobId, 0))
        {
            _queue.Writer.TryWrite((jobId, folder, files));
        }
    }

    /// <summary>
    /// Queues the pending deliveries to this destination that are not queued already (after a
    /// restart, or put back by `radcnn replay --deliveries`), first returning failed ones older than
    /// <see cref="ForwardingOptions.RetryFailedAfterMinutes"/> to pending.
    /// </summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        if (_options.RetryFailedAfterMinutes > 0)
        {
            await _store.ReplayFailedDeliveriesAsync(_time.GetUtcNow() - TimeSpan.FromMinutes(_options.RetryFailedAfterMinutes), cancellationToken).ConfigureAwait(false);
        }

        foreach (var delivery in await _store.GetDeliveriesAsync("pending", cancellationToken).ConfigureAwait(false))
        {
            if (delivery.Destination != _options.Destination || _inFlight.ContainsKey(delivery.JobId))
            {
                continue;
            }

            var job = await _store.GetJobAsync(delivery.JobId, cancellationToken).ConfigureAwait(false);
            if (job?.OutputPath is { } folder && Directory.Exists(Path.Combine(folder, "dicom")) && _inFlight.TryAdd(delivery.JobId, 0))
            {
                var files = Directory.GetFiles(Path.Combine(folder, "dicom"), "*.dcm").Select(f => Path.GetRelativePath(folder, f)).ToList();
                _queue.Writer.TryWrite((delivery.JobId, folder, files));
            }
        }
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (_options.MaxAttempts > 1)
        {
            // Polly refuses a retry strategy of zero retries: with MaxAttempts 1 there is no strategy, one try.
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(_options.RetryDelaySeconds),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            });
        }

        var retry = builder.Build();
        while (true)
        {
            var (jobId, folder, files) = await NextAsync(stoppingToken).ConfigureAwait(false);
            var paths = files.Select(f => Path.Combine(folder, f)).ToList();
            try
            {
                await retry.ExecuteAsync(async token =>
                {
                    var sender = new DicomSender(new DicomSenderOptions
                    {
                        Host = _options.Host!,
                        Port = _options.Port,
                        CalledAeTitle = _options.CalledAeTitle,
                        CallingAeTitle = _options.CallingAeTitle,
                        Tls = _tls,
                    });
                    var results = await sender.StoreAsync(paths, token).ConfigureAwait(false);
                    var failed = results.Where(r => !r.Succeeded).ToList();
                    if (failed.Count > 0)
                    {
                        throw new IOException($"{failed.Count} of {results.Count} objects refused (status {failed[0].Status?.ToString("X4", System.Globalization.CultureInfo.InvariantCulture) ?? failed[0].Error})");
                    }
                }, stoppingToken).ConfigureAwait(false);
                await _store.RecordDeliveryAsync(jobId, _options.Destination, "sent", null, CancellationToken.None).ConfigureAwait(false);
                OutputLog.Forwarded(_log, jobId, paths.Count, _options.Destination);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // still pending: resumed at the next start
            }
#pragma warning disable CA1031 // a failed delivery is recorded and shown, and the forwarder goes on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                await _store.RecordDeliveryAsync(jobId, _options.Destination, "failed", $"{ex.GetType().Name}: {ex.Message}", CancellationToken.None).ConfigureAwait(false);
                PipelineTelemetry.DeliveryFailures.Add(1);
                OutputLog.ForwardFailed(_log, jobId, _options.Destination, ex.GetType().Name);
            }
            finally
            {
                _inFlight.TryRemove(jobId, out _);
            }
        }
    }

    /// <summary>The next queued delivery; while there is none, scans the store every <see cref="ForwardingOptions.ScanSeconds"/>.</summary>
    private async Task<(long JobId, string Folder, IReadOnlyList<string> Files)> NextAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            if (_queue.Reader.TryRead(out var next))
            {
                return next;
            }

            using var scan = new CancellationTokenSource(TimeSpan.FromSeconds(_options.ScanSeconds), _time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, scan.Token);
            try
            {
                return await _queue.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                await ResumeAsync(stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
