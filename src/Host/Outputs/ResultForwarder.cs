using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using RadCnn.Dicom.Network.Sender;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Outputs;

/// <summary>
/// Sends each finished job's DICOM objects to the configured PACS with the network layer's C-STORE
/// sender, retrying with exponential backoff. Every delivery is recorded (pending, sent, failed with
/// the reason) so a PACS that is down shows in `radcnn status` and nothing is dropped silently;
/// pending deliveries are resumed after a restart.
/// </summary>
internal sealed class ResultForwarder
{
    private readonly Channel<(long JobId, string Folder, IReadOnlyList<string> Files)> _queue =
        Channel.CreateUnbounded<(long, string, IReadOnlyList<string>)>();

    private readonly IJobStore _store;
    private readonly ForwardingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public ResultForwarder(IJobStore store, ForwardingOptions options, TimeProvider time, ILogger<ResultForwarder> log)
    {
        _store = store;
        _options = options;
        _time = time;
        _log = log;
    }

    public void Enqueue(long jobId, string folder, IReadOnlyList<string> files)
    {
        _store.RecordDeliveryAsync(jobId, _options.Destination, "pending", null).GetAwaiter().GetResult();
        _queue.Writer.TryWrite((jobId, folder, files));
    }

    /// <summary>Re-queues deliveries a restart interrupted.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        foreach (var delivery in await _store.GetDeliveriesAsync("pending", cancellationToken).ConfigureAwait(false))
        {
            var job = await _store.GetJobAsync(delivery.JobId, cancellationToken).ConfigureAwait(false);
            if (job?.OutputPath is { } folder && Directory.Exists(Path.Combine(folder, "dicom")))
            {
                var files = Directory.GetFiles(Path.Combine(folder, "dicom"), "*.dcm").Select(f => Path.GetRelativePath(folder, f)).ToList();
                _queue.Writer.TryWrite((delivery.JobId, folder, files));
            }
        }
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var retry = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, _options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(_options.RetryDelaySeconds),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            })
            .Build();
        await foreach (var (jobId, folder, files) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
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
        }
    }
}
