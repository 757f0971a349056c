using System.Threading.Channels;
using RadCnn.Plugins.ReportNlp.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.ReportNlp.Reading;

/// <summary>
/// The plugin's fast path: reports read at the same time are gathered into one batch (up to
/// <see cref="MaxBatch"/>, whatever is waiting when the previous batch ends) and read together by
/// <see cref="BatchReading"/>: decision, FGSM probe, rewrites and Grad-CAM in one forward/backward and
/// one forward pass, on one worker. The shared engine runs a probe and an explanation one sample at a
/// time, which for this small network cost more than the network itself (six engine calls a report).
/// </summary>
internal sealed class BatchedReader : IAsyncDisposable
{
    public const int MaxBatch = 32;

    /// <summary>How long a batch smaller than <see cref="MaxBatch"/> waits once for more reports: each batch pays a fixed cost in libtorch calls.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(2);

    private long batches;
    private long reports;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TextCnn net;
    private readonly BatchReading reading;
    private readonly Task worker;

    public BatchedReader(ReportModel model, ProbeSettings probe)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(probe);
        net = model.CreateNet();
        net.eval();
        reading = new BatchReading(net, model.Card.Temperature, RadCnn.Training.Decisions.DecisionModule.Logit(model.Threshold), model.Encoder, probe, (model.Card.FilterWidths.Max() / 2) + 1);
        worker = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public Task<ReadingOutcome> ReadAsync(ReadingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(request, new TaskCompletionSource<ReadingOutcome>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(BatchedReader));
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Reports per batch so far (the bench reports it).</summary>
    public double MeanBatch => Interlocked.Read(ref batches) == 0 ? 0 : (double)Interlocked.Read(ref reports) / Interlocked.Read(ref batches);

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await worker.ConfigureAwait(false);
        net.Dispose();
    }

    private void Work()
    {
        var batch = new List<Pending>(MaxBatch);
        while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            Drain(batch);
            if (batch.Count > 0 && batch.Count < MaxBatch)
            {
                using var wait = new CancellationTokenSource(Gather);
                try
                {
                    while (batch.Count < MaxBatch && queue.Reader.WaitToReadAsync(wait.Token).AsTask().GetAwaiter().GetResult())
                    {
                        Drain(batch);
                    }
                }
                catch (OperationCanceledException)
                {
                    // Gathered what came in time.
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            Interlocked.Increment(ref batches);
            Interlocked.Add(ref reports, batch.Count);
            try
            {
                var outcomes = reading.Run(batch.Select(p => p.Request).ToList());
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(outcomes[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var item in batch)
                {
                    item.Completion.TrySetException(ex);
                }
            }
        }
    }

    private void Drain(List<Pending> batch)
    {
        while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
        {
            if (item.Cancellation.IsCancellationRequested)
            {
                item.Completion.TrySetCanceled(item.Cancellation);
                continue;
            }

            batch.Add(item);
        }
    }

    private sealed record Pending(ReadingRequest Request, TaskCompletionSource<ReadingOutcome> Completion, CancellationToken Cancellation);
}
