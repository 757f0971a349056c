namespace RadCnn.Dicom.Network.Storage;

/// <summary>
/// Flushes shared by concurrent callers, the ticket scheme of <see cref="DirectorySync"/> with
/// outcomes: a caller whose data is written joins the queue and waits for a flush that began after
/// it joined; the caller that finds no flush under way runs one for the whole queue on its own
/// thread, and callers arriving meanwhile are queued for the next one. An exception the flush throws
/// fails every member it covered, so no waiter whose data a failed flush was to make durable is
/// released as if it had succeeded. No thread waits idle: a waiter gets a task that completes with
/// its flush.
/// </summary>
/// <typeparam name="T">What each caller brings to the flush (the flush sees its group's).</typeparam>
internal sealed class GroupFlush<T>
{
    private readonly Action<IReadOnlyList<Member>> _flush;
    private readonly Lock _gate = new();
    private List<Member> _queued = [];
    private bool _flushing;
    private long _flushes;

    /// <param name="flush">Makes durable everything the members wrote before it was called; runs on one thread at a time.</param>
    public GroupFlush(Action<IReadOnlyList<Member>> flush) => _flush = flush;

    /// <summary>Flushes run so far: fewer than the callers when groups formed.</summary>
    public long FlushCount => Interlocked.Read(ref _flushes);

    /// <summary>
    /// Completes once a flush that began after this call has made <paramref name="item"/>'s data
    /// durable, or fails with that flush's error. Where no flush is under way, the flush runs on the
    /// calling thread before this returns.
    /// </summary>
    public Task FlushAsync(T item)
    {
        var member = new Member(item);
        lock (_gate)
        {
            _queued.Add(member);
            if (_flushing)
            {
                return member.Done;
            }

            _flushing = true;
        }

        FlushQueue(handOff: true);
        return member.Done;
    }

    /// <summary>
    /// Flushes the queue as it stands. With <paramref name="handOff"/> (the caller's own thread) one
    /// group only: the caller's response should not wait for other associations' flushes, so what
    /// was queued meanwhile goes to a pool thread, which flushes group after group until none is left.
    /// </summary>
    private void FlushQueue(bool handOff)
    {
        while (true)
        {
            List<Member> group;
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                group = _queued;
                _queued = [];
            }

            Run(group);
            if (handOff)
            {
                lock (_gate)
                {
                    if (_queued.Count == 0)
                    {
                        _flushing = false;
                        return;
                    }
                }

                ThreadPool.UnsafeQueueUserWorkItem(static self => self.FlushQueue(handOff: false), this, preferLocal: false);
                return;
            }
        }
    }

    private void Run(List<Member> group)
    {
        Exception? error = null;
        try
        {
            _flush(group);
        }
        catch (Exception ex)
        {
            // The flush covered all of them: none may take its data for durable.
            error = ex;
        }

        Interlocked.Increment(ref _flushes);
        // Members' continuations run on the pool (not on this thread, which has a response of its own to send).
        group.ForEach(member => member.Complete(error));
    }

    /// <summary>One caller's place in a group.</summary>
    internal sealed class Member(T item)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public T Item { get; } = item;

        public Task Done => _done.Task;

        internal void Complete(Exception? error)
        {
            if (error is null)
            {
                _done.TrySetResult();
            }
            else
            {
                _done.TrySetException(error);
            }
        }
    }
}
