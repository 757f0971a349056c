using RadCnn.Abstractions.Engine;
using RadCnn.Engine.Models;
using static TorchSharp.torch;

namespace RadCnn.Engine.Scheduling;

/// <summary>
/// One caller's request while it waits and runs. Its state moves Queued → Running → Done (or Queued →
/// Cancelled); every change happens under the scheduler's lock, so a request is either removed by its
/// cancellation or taken into a batch, never both.
/// </summary>
internal sealed class WorkItem
{
    private int _cancelRequested;

    public WorkItem(RegisteredModel model, Tensor input, InferencePriority priority, WorkKind kind, int targetClass, long enqueuedAt, CancellationToken cancellationToken)
    {
        Model = model;
        Input = input;
        Priority = priority;
        Kind = kind;
        TargetClass = targetClass;
        EnqueuedAt = enqueuedAt;
        CancellationToken = cancellationToken;
    }

    public RegisteredModel Model { get; }

    /// <summary>The caller's tensor; valid until the caller's task completes, which happens only after the batch copied it.</summary>
    public Tensor Input { get; }

    public InferencePriority Priority { get; }

    public WorkKind Kind { get; }

    public int TargetClass { get; }

    /// <summary>TimeProvider timestamp at submission.</summary>
    public long EnqueuedAt { get; }

    public long Sequence { get; set; }

    public CancellationToken CancellationToken { get; }

    public CancellationTokenRegistration CancellationRegistration { get; set; }

    public LinkedListNode<WorkItem>? Node { get; set; }

    public WorkState State { get; set; }

    public TaskCompletionSource<object> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool CancelRequested => Volatile.Read(ref _cancelRequested) != 0;

    public void RequestCancellation() => Volatile.Write(ref _cancelRequested, 1);

    public OperationCanceledException CancelledException() =>
        new($"model '{Model.Name}': the request was cancelled before its result was ready", CancellationToken);

    /// <summary>Hands the caller its result, or disposes it when the caller cancelled while the batch ran.</summary>
    public void Complete(object result)
    {
        if (CancelRequested)
        {
            (result as IDisposable)?.Dispose();
            Completion.TrySetException(CancelledException());
            return;
        }

        if (!Completion.TrySetResult(result))
        {
            (result as IDisposable)?.Dispose();
        }
    }

    public void Fail(Exception exception) => Completion.TrySetException(exception);
}
