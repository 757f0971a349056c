using RadCnn.Dicom.Network.Storage;

namespace RadCnn.Dicom.Network.Tests.Storage;

public sealed class GroupFlushTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Callers_arriving_during_a_flush_share_the_next_one_which_begins_after_all_their_writes()
    {
        // A logical clock: each caller stamps its write, each flush stamps its start.
        long clock = 0;
        var flushesInProgress = 0;
        var groups = new List<(long StartedAt, long[] Writes)>();
        using var firstEntered = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var flush = new GroupFlush<long>(group =>
        {
            Assert.Equal(1, Interlocked.Increment(ref flushesInProgress));
            var startedAt = Interlocked.Increment(ref clock);
            lock (groups)
            {
                groups.Add((startedAt, [.. group.Select(m => m.Item)]));
            }

            if (!firstEntered.IsSet)
            {
                firstEntered.Set();
                Assert.True(releaseFirst.Wait(Patience));
            }

            Interlocked.Decrement(ref flushesInProgress);
        });

        // The first caller finds no flush under way and runs one on its own thread.
        var first = Task.Run(() => flush.FlushAsync(Interlocked.Increment(ref clock)));
        Assert.True(firstEntered.Wait(Patience));
        // Seven more write while it runs: queued, not yet released, no thread of theirs held.
        var later = Enumerable.Range(0, 7).Select(_ => flush.FlushAsync(Interlocked.Increment(ref clock))).ToList();
        Assert.All(later, waiter => Assert.False(waiter.IsCompleted));

        releaseFirst.Set();
        await first.WaitAsync(Patience);
        await Task.WhenAll(later).WaitAsync(Patience);

        // Eight callers, two flushes: the second covered all seven, and began after each of their writes.
        Assert.Equal(2, flush.FlushCount);
        Assert.Equal([1, 7], groups.Select(g => g.Writes.Length));
        Assert.All(groups, g => Assert.All(g.Writes, write => Assert.True(write < g.StartedAt, $"write {write} was covered by a flush begun at {g.StartedAt}")));
    }

    [Fact]
    public async Task Many_concurrent_callers_need_fewer_flushes_than_callers_and_each_is_covered_by_a_later_flush()
    {
        long clock = 0;
        var covered = new System.Collections.Concurrent.ConcurrentDictionary<long, long>();
        var flush = new GroupFlush<long>(group =>
        {
            var startedAt = Interlocked.Increment(ref clock);
            Thread.Sleep(20); // a disk flush takes time; callers pile up behind it
            foreach (var member in group)
            {
                Assert.True(covered.TryAdd(member.Item, startedAt), "a caller was flushed twice");
            }
        });

        // Each caller on a thread of its own, all let go at once: pool tasks on a busy two-core machine can run one after
        // another, each finding no flush under way (a cold CI run saw 64 flushes for 64 callers that way).
        using var gate = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 64).Select(_ => Task.Factory.StartNew(
            () =>
            {
                gate.Wait(Patience);
                var write = Interlocked.Increment(ref clock);
                flush.FlushAsync(write).GetAwaiter().GetResult();
                return write;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToList();
        gate.Set();
        var writes = await Task.WhenAll(callers).WaitAsync(Patience);

        Assert.InRange(flush.FlushCount, 1, 63);
        Assert.All(writes, write => Assert.True(covered[write] > write));
    }

    [Fact]
    public async Task A_failed_flush_reaches_every_waiter_it_covered_and_the_next_flush_starts_afresh()
    {
        using var firstEntered = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var flushes = 0;
        var flush = new GroupFlush<int>(group =>
        {
            switch (Interlocked.Increment(ref flushes))
            {
                case 1:
                    firstEntered.Set();
                    Assert.True(releaseFirst.Wait(Patience));
                    break;
                case 2:
                    throw new IOException("the disk said no");
            }
        });

        var first = Task.Run(() => flush.FlushAsync(0));
        Assert.True(firstEntered.Wait(Patience));
        var covered = Enumerable.Range(1, 5).Select(flush.FlushAsync).ToList();
        releaseFirst.Set();
        await first.WaitAsync(Patience);

        foreach (var waiter in covered)
        {
            var error = await Assert.ThrowsAsync<IOException>(() => waiter.WaitAsync(Patience));
            Assert.Equal("the disk said no", error.Message);
        }

        // The failure is not remembered as covering later writes, nor does it stick: the next caller gets a flush of its own.
        await flush.FlushAsync(6).WaitAsync(Patience);
        Assert.Equal(3, flush.FlushCount);
    }
}
