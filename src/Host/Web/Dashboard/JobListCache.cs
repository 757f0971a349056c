using System.Collections.Concurrent;
using System.Text.Json;
using RadCnn.Host.Store;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// /api/jobs answers, kept for a second per filter: every open dashboard polls the same list, and
/// fifty of them should cost the store (whose lock the ingest path shares) and the CPU one query and
/// one serialization a second, not fifty.
/// </summary>
internal sealed class JobListCache(IJobStore store, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<JobQuery, (DateTimeOffset At, byte[] Body)> _answers = new();

    public async Task<byte[]> GetAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_answers.TryGetValue(query, out var cached) && now - cached.At < MaxAge)
        {
            return cached.Body;
        }

        var jobs = await store.FindJobsAsync(query, cancellationToken).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(jobs.Select(DashboardApi.Describe), Json);
        if (_answers.Count > 256)
        {
            _answers.Clear(); // many distinct filters: start over rather than grow
        }

        _answers[query] = (now, body);
        return body;
    }
}
