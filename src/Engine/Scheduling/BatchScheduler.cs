using RadCnn.Abstractions.Engine;
using RadCnn.Engine.Diagnostics;
using RadCnn.Engine.Models;

namespace RadCnn.Engine.Scheduling;

/// <summary>
/// Per-model queues and the dispatcher that turns them into batches. A batch starts when a device slot
/// is free (at most <see cref="EngineOptions.MaxConcurrentBatches"/> run at once); the slot goes to the
/// model whose next request has the highest priority (stat, then routine, then background), oldest first.
/// Routine and background requests wait up to <see cref="EngineOptions.MaxBatchWait"/> for others to
/// join their batch; stat requests, probes and explanations go as soon as a slot is free.
/// </summary>
internal sealed class BatchScheduler : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<RegisteredModel, ModelQueue> _queues = [];
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly EngineMetrics _metrics;
    private readonly Action<RegisteredModel, List<WorkItem>> _execute;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly Task _dispatcher;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private int _queued;
    private bool _stopped;

    // execute runs one batch and completes each item's task (on a thread-pool thread).
    public BatchScheduler(EngineOptions options, TimeProvider time, EngineMetrics metrics, Action<RegisteredModel, List<WorkItem>> execute)
    {
        _options = options;
        _time = time;
        _metrics = metrics;
        _execute = execute;
        _slots = new SemaphoreSlim(options.MaxConcurrentBatches, options.MaxConcurrentBatches);
        _dispatcher = Task.Run(DispatchLoopAsync);
    }

    public int QueuedCount
    {
        get { lock (_gate) { return _queued; } }
    }

    /// <summary>Queues the item; its task completes with the result, an InferenceException, or an OperationCanceledException.</summary>
    public Task<object> Enqueue(WorkItem item)
    {
        lock (_gate)
        {
            if (_stopped || item.Model.Unregistered)
            {
                throw new InferenceException(item.Model.Name, InferenceFailure.ModelUnavailable, _stopped ? "the engine has been shut down" : "the model has been unregistered");
            }

            if (_queued >= _options.MaxQueuedRequests)
            {
                throw new InferenceException(item.Model.Name, InferenceFailure.QueueFull, $"the engine's queue is full ({_queued} requests waiting); retry later");
            }

            if (!_queues.TryGetValue(item.Model, out var queue))
            {
                queue = new ModelQueue(item.Model);
                _queues.Add(item.Model, queue);
            }

            item.Sequence = ++_sequence;
            item.State = WorkState.Queued;
            queue.Add(item);
            _queued++;
            _wake.TrySetResult();
        }

        _metrics.QueueChanged(1, item.Model.Name, PriorityTag(item.Priority));
        if (item.CancellationToken.CanBeCanceled)
        {
            item.CancellationRegistration = item.CancellationToken.Register(static state =>
            {
                var (scheduler, work) = ((BatchScheduler, WorkItem))state!;
                scheduler.Cancel(work);
            }, (this, item));
        }

        return item.Completion.Task;
    }

    /// <summary>
    /// A queued request leaves its queue at once (freeing its place for others) and its caller gets an
    /// OperationCanceledException. A running one finishes its batch (the caller's input may still be in
    /// use until then); the executor then disposes its result and cancels it.
    /// </summary>
    private void Cancel(WorkItem item)
    {
        item.RequestCancellation();
        bool removed = false;
        lock (_gate)
        {
            if (item.State == WorkState.Queued && _queues.TryGetValue(item.Model, out var queue))
            {
                queue.Remove(item);
                _queued--;
                item.State = WorkState.Cancelled;
                removed = true;
            }
        }

        if (removed)
        {
            _metrics.QueueChanged(-1, item.Model.Name, PriorityTag(item.Priority));
            item.Completion.TrySetException(item.CancelledException());
        }
    }

    /// <summary>Fails every queued request of a model that is being unregistered.</summary>
    public void FailQueued(RegisteredModel model, string reason)
    {
        List<WorkItem> failed;
        lock (_gate)
        {
            if (!_queues.Remove(model, out var queue))
            {
                return;
            }

            failed = [.. queue.All];
            foreach (var item in failed)
            {
                queue.Remove(item);
                item.State = WorkState.Done;
            }

            _queued -= failed.Count;
        }

        foreach (var item in failed)
        {
            item.CancellationRegistration.Dispose();
            _metrics.QueueChanged(-1, model.Name, PriorityTag(item.Priority));
            item.Completion.TrySetException(new InferenceException(model.Name, InferenceFailure.ModelUnavailable, reason));
        }
    }

    private async Task DispatchLoopAsync()
    {
        var stop = _stop.Token;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await _slots.WaitAsync(stop).ConfigureAwait(false);
                var (model, batch) = await NextBatchAsync(stop).ConfigureAwait(false);
                var run = Task.Run(() => RunBatch(model, batch), CancellationToken.None);
                lock (_gate)
                {
                    _running.RemoveAll(t => t.IsCompleted);
                    _running.Add(run);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task<(RegisteredModel Model, List<WorkItem> Batch)> NextBatchAsync(CancellationToken stop)
    {
        while (true)
        {
            Task wake;
            TimeSpan? delay;
            lock (_gate)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wake = _wake.Task;
                if (TryTakeBatch(out var model, out var batch, out delay))
                {
                    return (model, batch);
                }
            }

            if (delay is { } wait)
            {
                using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(stop);
                await Task.WhenAny(wake, Task.Delay(wait, _time, cancelDelay.Token)).ConfigureAwait(false);
                await cancelDelay.CancelAsync().ConfigureAwait(false);
                stop.ThrowIfCancellationRequested();
            }
            else
            {
                await wake.WaitAsync(stop).ConfigureAwait(false);
            }
        }
    }

    // Called under _gate.
    private bool TryTakeBatch(out RegisteredModel model, out List<WorkItem> batch, out TimeSpan? delay)
    {
        model = null!;
        batch = null!;
        delay = null;
        ModelQueue? best = null;
        WorkItem? bestHead = null;
        var now = _time.GetTimestamp();
        foreach (var queue in _queues.Values)
        {
            if (queue.Running || queue.Head is not { } head)
            {
                continue;
            }

            var max = queue.Model.MaxBatchSize(_options.MaxBatchSize);
            var waited = _time.GetElapsedTime(queue.OldestEnqueuedAt, now);
            var ready = head.Priority == InferencePriority.Stat || head.Kind != WorkKind.Infer
                || queue.Count >= max || waited >= _options.MaxBatchWait;
            if (!ready)
            {
                var remaining = _options.MaxBatchWait - waited;
                delay = delay is { } d && d < remaining ? d : remaining;
                continue;
            }

            if (bestHead is null || head.Priority < bestHead.Priority || (head.Priority == bestHead.Priority && head.Sequence < bestHead.Sequence))
            {
                best = queue;
                bestHead = head;
            }
        }

        if (best is null)
        {
            return false;
        }

        batch = best.TakeBatch(best.Model.MaxBatchSize(_options.MaxBatchSize));
        foreach (var item in batch)
        {
            item.State = WorkState.Running;
            _metrics.QueueChanged(-1, best.Model.Name, PriorityTag(item.Priority));
        }

        _queued -= batch.Count;
        best.Running = true;
        model = best.Model;
        return true;
    }

    private void RunBatch(RegisteredModel model, List<WorkItem> batch)
    {
        try
        {
            _execute(model, batch);
        }
        catch (Exception ex)
        {
            // The executor completes every item; this is the last line of defence so no caller hangs.
            foreach (var item in batch)
            {
                item.Completion.TrySetException(new InferenceException(model.Name, InferenceFailure.ModelThrew, $"the engine failed to run the batch: {ex.Message}", ex));
            }
        }
        finally
        {
            foreach (var item in batch)
            {
                item.CancellationRegistration.Dispose();
            }

            lock (_gate)
            {
                if (_queues.TryGetValue(model, out var queue))
                {
                    queue.Running = false;
                }

                _wake.TrySetResult();
            }

            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<RegisteredModel> models;
        lock (_gate)
        {
            _stopped = true;
            models = [.. _queues.Keys];
        }

        foreach (var model in models)
        {
            FailQueued(model, "the engine has been shut down");
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _dispatcher.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }

        // The dispatcher has stopped, so no batch starts after this snapshot; let the running ones finish.
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stop.Dispose();
        _slots.Dispose();
    }

    public static string PriorityTag(InferencePriority priority) => priority switch
    {
        InferencePriority.Stat => "stat",
        InferencePriority.Routine => "routine",
        _ => "background",
    };
}
