using RadCnn.Host.Outputs;
using RadCnn.Host.Store;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// The deliveries view: every forwarding of a job's results to the PACS as the store records it,
/// with the state an operator needs (pending, sent, retrying, failed) and when the next try is due.
/// The store keeps pending, sent and failed; "retrying" is a failed delivery the forwarder will try
/// again on its own (<see cref="ForwardingOptions.RetryFailedAfterMinutes"/> after the failure), or
/// one put back to pending after a failure; "failed" waits for an operator (the retry button or
/// `radcnn replay --deliveries`). The list is read at most once a second however many pages poll.
/// </summary>
internal sealed class DeliveryList(IJobStore store, ForwardingOptions forwarding, TimeProvider time)
{
    public const int MaxRows = 500;

    public static readonly IReadOnlyList<string> States = ["pending", "retrying", "sent", "failed"];

    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<DeliveryView> All)? _current;

    /// <summary>Deliveries matching the filter, newest job first, at most <see cref="MaxRows"/>.</summary>
    public async Task<IReadOnlyList<DeliveryView>> FindAsync(DeliveryFilter filter, CancellationToken cancellationToken)
    {
        var all = await AllAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Where(d => (filter.State is null || d.State == filter.State)
                && (filter.Destination is null || d.Destination == filter.Destination)
                && (filter.JobId is null || d.JobId == filter.JobId))
            .Take(MaxRows)];
    }

    private async Task<IReadOnlyList<DeliveryView>> AllAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && time.GetUtcNow() - fresh.At < MaxAge)
        {
            return fresh.All;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } again && time.GetUtcNow() - again.At < MaxAge)
            {
                return again.All;
            }

            var rows = await store.GetDeliveriesAsync(null, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<DeliveryView> all = [.. rows.OrderByDescending(d => d.JobId).ThenBy(d => d.Destination, StringComparer.Ordinal).Select(Describe)];
            _current = (time.GetUtcNow(), all);
            return all;
        }
        finally
        {
            _gate.Release();
        }
    }

    public DeliveryView Describe(DeliveryRecord d)
    {
        var (state, next) = d.State switch
        {
            "sent" => ("sent", (DateTimeOffset?)null),
            "pending" when d.LastError is null => ("pending", d.UpdatedAt),
            // Put back after a failure (the automatic retry or an operator): the forwarder takes it at its next scan.
            "pending" => ("retrying", d.UpdatedAt + TimeSpan.FromSeconds(forwarding.ScanSeconds)),
            "failed" when forwarding.RetryFailedAfterMinutes > 0 => ("retrying", d.UpdatedAt + TimeSpan.FromMinutes(forwarding.RetryFailedAfterMinutes)),
            "failed" => ("failed", null),
            _ => (d.State, null),
        };
        return new DeliveryView(d.JobId, d.Destination, state, d.State, d.Attempts, d.UpdatedAt, next, d.LastError);
    }

    /// <summary>The filter of /deliveries and /api/deliveries; null where a value is not one the view knows.</summary>
    public static DeliveryFilter? ParseFilter(Microsoft.AspNetCore.Http.IQueryCollection query)
    {
        var state = query["state"].ToString() is { Length: > 0 } s ? s.ToLowerInvariant() : null;
        if (state is not null && !States.Contains(state))
        {
            return null;
        }

        long? job = null;
        if (query["job"].ToString() is { Length: > 0 } j)
        {
            if (!long.TryParse(j, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            job = id;
        }

        return new DeliveryFilter(state, query["destination"].ToString() is { Length: > 0 } d ? d : null, job);
    }

    internal sealed record DeliveryFilter(string? State, string? Destination, long? JobId);
}
