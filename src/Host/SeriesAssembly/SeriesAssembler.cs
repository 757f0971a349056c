using System.Collections.Concurrent;
using RadCnn.Host.Store;

namespace RadCnn.Host.SeriesAssembly;

/// <summary>
/// Groups instances into series: a series is complete once no instance arrived for its quiet
/// period. The store closes it only at the revision the assembler saw, so an instance that lands
/// in between keeps it open; a late instance after completion re-opens it as a new generation
/// (the store does that), which the assembler then completes again.
/// </summary>
internal sealed class SeriesAssembler
{
    private readonly IJobStore _store;
    private readonly SeriesAssemblyOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, PendingSeries> _pending = new(StringComparer.Ordinal);

    public SeriesAssembler(IJobStore store, SeriesAssemblyOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    public int PendingCount => _pending.Count;

    /// <summary>Notes an instance the store accepted. Duplicates change nothing.</summary>
    public void Observe(InstanceStoreResult stored, string? modality)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Outcome == InstanceStoreOutcome.Duplicate)
        {
            return;
        }

        var seen = new PendingSeries(stored.SeriesRevision, _time.GetUtcNow(), _options.QuietPeriodFor(stored.CallingAe, modality));
        _pending.AddOrUpdate(stored.SeriesInstanceUid, seen, (_, old) => old.Revision > seen.Revision ? old with { LastSeen = seen.LastSeen } : seen);
    }

    /// <summary>After a restart: every open series gets a fresh quiet period (its senders may still be resending).</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var series in await _store.GetOpenSeriesAsync(cancellationToken).ConfigureAwait(false))
        {
            _pending.TryAdd(series.SeriesInstanceUid,
                new PendingSeries(series.Revision, now, _options.QuietPeriodFor(series.CallingAe, series.Modality)));
        }
    }

    /// <summary>Completes every series whose quiet period has passed; returns their new work items.</summary>
    public async Task<IReadOnlyList<WorkItemRecord>> CompleteQuietSeriesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var completed = new List<WorkItemRecord>();
        foreach (var (seriesUid, pending) in _pending)
        {
            if (now - pending.LastSeen < pending.QuietPeriod)
            {
                continue;
            }

            var item = await _store.CompleteSeriesAsync(seriesUid, pending.Revision, cancellationToken).ConfigureAwait(false);
            // Removes only what was looked at: an instance observed meanwhile stays pending.
            _pending.TryRemove(new KeyValuePair<string, PendingSeries>(seriesUid, pending));
            if (item is not null)
            {
                completed.Add(item);
            }
        }

        return completed;
    }

    private sealed record PendingSeries(long Revision, DateTimeOffset LastSeen, TimeSpan QuietPeriod);
}
