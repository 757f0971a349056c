using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RadCnn.Host.Outputs;
using RadCnn.Host.Store;
using RadCnn.Host.Web.Security;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// The JSON and binary API behind the dashboard (and for scripts with an API key): status, jobs with
/// filters, a job's result, its input slices and segmentation overlay, its result files, and replay
/// (operators only, audited). Jobs are addressed by number, never by a patient value.
/// </summary>
internal static class DashboardApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(WebRoles.CanView);
        api.MapGet("/status", async (StatusSnapshot status, CancellationToken ct) => Results.Json(Describe(await status.GetAsync(ct).ConfigureAwait(false))));
        api.MapGet("/jobs", async (HttpContext context, JobListCache jobs, CancellationToken ct) =>
        {
            var query = ParseQuery(context.Request.Query);
            if (query is null)
            {
                return Results.BadRequest("state must be one of queued, running, done, failed, dead, superseded");
            }

            return Results.Bytes(await jobs.GetAsync(query, ct).ConfigureAwait(false), "application/json; charset=utf-8");
        });
        api.MapGet("/jobs/{id:long}", async (long id, IJobStore store, CancellationToken ct) =>
        {
            if (await store.GetJobAsync(id, ct).ConfigureAwait(false) is not { } job)
            {
                return Results.NotFound();
            }

            return Results.Json(new { job = Describe(job), result = ReadResult(job) });
        });
        api.MapGet("/jobs/{id:long}/slices", async (long id, JobImages images, CancellationToken ct) =>
            await images.SlicesAsync(id, ct).ConfigureAwait(false) is { } slices ? Results.Json(new { count = slices.Count }) : Results.NotFound());
        api.MapGet("/jobs/{id:long}/slices/{n:int}", async (long id, int n, JobImages images, HttpContext context, CancellationToken ct) =>
        {
            if (await images.SlicesAsync(id, ct).ConfigureAwait(false) is not { } slices || n < 0 || n >= slices.Count)
            {
                return Results.NotFound();
            }

            var slice = JobImages.ReadSlice(slices[n]);
            var headers = context.Response.Headers;
            headers["X-Rows"] = slice.Rows.ToString(CultureInfo.InvariantCulture);
            headers["X-Columns"] = slice.Columns.ToString(CultureInfo.InvariantCulture);
            headers["X-Window-Center"] = slice.WindowCenter.ToString(CultureInfo.InvariantCulture);
            headers["X-Window-Width"] = slice.WindowWidth.ToString(CultureInfo.InvariantCulture);
            return Results.Bytes(MemoryMarshal.AsBytes(slice.Values.AsSpan()).ToArray(), "application/octet-stream");
        });
        api.MapGet("/jobs/{id:long}/slices/{n:int}/overlay", async (long id, int n, JobImages images, CancellationToken ct) =>
        {
            if (await images.SlicesAsync(id, ct).ConfigureAwait(false) is not { } slices || n < 0 || n >= slices.Count)
            {
                return Results.NotFound();
            }

            var slice = JobImages.ReadSlice(slices[n]);
            return images.Overlay(id, slices[n], slice.Rows, slice.Columns) is { } overlay ? Results.Bytes(overlay, "application/octet-stream") : Results.NoContent();
        });
        api.MapGet("/jobs/{id:long}/files/{name}", async (long id, string name, IJobStore store, CancellationToken ct) =>
        {
            if (await store.GetJobAsync(id, ct).ConfigureAwait(false) is not { OutputPath: { } output } || ReadResult(id, output) is not { } result
                || result.Files.FirstOrDefault(f => f.Name == "files/" + name) is not { } file)
            {
                return Results.NotFound();
            }

            // Only files result.json lists, by their own name: nothing outside the job's folder can be named.
            return Results.File(Path.Combine(output, "files", Path.GetFileName(file.Name)), file.MediaType);
        });
        api.MapPost("/jobs/{id:long}/replay", async (long id, HttpContext context, IJobStore store, AuditLog audit, CancellationToken ct) =>
        {
            var (ok, message) = await ReplayAsync(id, context, store, audit, ct).ConfigureAwait(false);
            return ok ? Results.Json(new { replayed = id }) : Results.Problem(message, statusCode: message == CsrfMessage ? 400 : 409);
        }).RequireAuthorization(WebRoles.CanOperate).DisableAntiforgery();
    }

    public const string CsrfMessage = "missing or wrong antiforgery token";

    /// <summary>Replays a job for an operator, after the CSRF check, and writes the audit line before answering.</summary>
    public static async Task<(bool Ok, string Message)> ReplayAsync(long id, HttpContext context, IJobStore store, AuditLog audit, CancellationToken ct)
    {
        var target = string.Create(CultureInfo.InvariantCulture, $"job {id}");
        if (!await WebSecurity.PassesCsrfCheckAsync(context).ConfigureAwait(false))
        {
            audit.Write(WebSecurity.Who(context), WebSecurity.How(context), "replay", target, "refused: " + CsrfMessage);
            return (false, CsrfMessage);
        }

        var replayed = await store.ReplayJobAsync(id, ct).ConfigureAwait(false);
        var message = replayed ? "queued again" : (await store.GetJobAsync(id, ct).ConfigureAwait(false)) is { } job
            ? $"not replayed: the job is {job.State.ToString().ToLowerInvariant()}" : "not replayed: no such job";
        audit.Write(WebSecurity.Who(context), WebSecurity.How(context), "replay", target, message);
        return (replayed, message);
    }

    public static JobQuery? ParseQuery(IQueryCollection query)
    {
        JobState? state = null;
        if (query["state"].ToString() is { Length: > 0 } s)
        {
            if (!Enum.TryParse<JobState>(s, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(s, out _))
            {
                return null;
            }

            state = parsed;
        }

        var plugin = query["plugin"].ToString() is { Length: > 0 } p ? p : null;
        // Rounded down to the second, so that the same filter is the same query (and cache entry) within a second.
        DateTimeOffset? since = query["sinceMinutes"].ToString() is { Length: > 0 } m && double.TryParse(m, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes)
            ? DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-Math.Abs(minutes)).ToUnixTimeSeconds()) : null;
        return new JobQuery(state, plugin, since, 200);
    }

    public static object Describe(JobRecord job) => new
    {
        job.Id,
        job.PluginId,
        job.PluginVersion,
        state = job.State.ToString().ToLowerInvariant(),
        kind = job.Kind.ToString().ToLowerInvariant(),
        job.Generation,
        job.Attempts,
        job.LastError,
        job.CreatedAt,
        job.UpdatedAt,
        hasResult = job.OutputPath is not null,
    };

    public static ResultDocument? ReadResult(JobRecord job) => job.OutputPath is { } output ? ReadResult(job.Id, output) : null;

    private static ResultDocument? ReadResult(long id, string output)
    {
        try
        {
            var document = ResultDocument.Parse(File.ReadAllBytes(Path.Combine(output, "result.json")));
            return document.JobId == id ? document : null;
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static object Describe(StatusSnapshot.Overview o) => new
    {
        o.At,
        o.Health,
        instances = o.Store.Instances,
        series = o.Store.Series,
        openSeries = o.Store.OpenSeries,
        reports = o.Store.Reports,
        jobs = o.Store.Jobs.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value),
        deliveries = o.Store.Deliveries,
        o.QueueDepth,
        queueByPlugin = o.QueueByPlugin.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new { plugin = p.Key, queued = p.Value }),
        engine = new
        {
            device = o.Device,
            maxBatchSize = o.MaxBatchSize,
            models = o.Batches.Select(b => new { model = b.Model, batches = b.Batches, recentSizes = b.Recent, meanSize = Math.Round(b.Mean, 2), maxSize = b.Max }),
        },
        instancesPerSecond = Math.Round(o.InstancesPerSecond, 2),
        jobsPerSecond = Math.Round(o.JobsPerSecond, 2),
        deadJobs = o.Store.DeadJobs.Count,
        failedDeliveries = o.Store.FailedDeliveries.Count,
        declined = (o.Store.RecentDeclines ?? []).Select(w => new { workItemId = w.Id, kind = w.Kind.ToString().ToLowerInvariant(), state = w.State.ToString().ToLowerInvariant(), createdAt = w.CreatedAt, declined = w.Declined }),
        plugins = o.Plugins.Select(p => new { p.Id, p.Version, p.State, p.Reason, p.InFlight, p.Calls, p.Failures }),
    };
}
