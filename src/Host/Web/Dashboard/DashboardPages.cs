using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RadCnn.Host.Plugins;
using RadCnn.Host.Store;
using RadCnn.Host.Web.Security;
using static RadCnn.Host.Web.Dashboard.Html;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// The server-rendered pages: overview (health, throughput, queue, plugins), jobs with filters,
/// one job's result view, failures with replay buttons, plugins with their model cards, the audit
/// log. Live figures come from /api by polling (static/dashboard.js); nothing is loaded from elsewhere.
/// </summary>
internal static class DashboardPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").RequireAuthorization(WebRoles.CanView);
        pages.MapGet("/", OverviewAsync);
        pages.MapGet("/jobs", JobsAsync);
        pages.MapGet("/jobs/{id:long}", JobAsync);
        pages.MapGet("/failures", FailuresAsync);
        pages.MapGet("/plugins", Plugins);
        pages.MapGet("/audit", (HttpContext context, AuditLog audit) => Page(context, "Audit log",
            Table(["When", "Who", "Signed in by", "Action", "Target", "Outcome"],
                audit.Read(500).Select(e => new[] { Time(e.At), E(e.User), E(e.Authentication), E(e.Action), E(e.Target), E(e.Outcome) }))))
            .RequireAuthorization(WebRoles.CanOperate);
        pages.MapPost("/plugins/rescan", async (HttpContext context, IServiceProvider services, AuditLog audit, CancellationToken ct) =>
        {
            if (!await WebSecurity.PassesCsrfCheckAsync(context).ConfigureAwait(false))
            {
                audit.Write(WebSecurity.Who(context), WebSecurity.How(context), "rescan plugins", "plugins folder", "refused: " + DashboardApi.CsrfMessage);
                return Results.BadRequest(DashboardApi.CsrfMessage);
            }

            if (services.GetService(typeof(PluginCatalog)) is not PluginCatalog catalog)
            {
                return Results.NotFound();
            }

            audit.Write(WebSecurity.Who(context), WebSecurity.How(context), "rescan plugins", "plugins folder", "requested");
            await catalog.ReconcileAsync(ct).ConfigureAwait(false);
            return Page(context, "Plugins folder scanned", "<p id=\"rescan-outcome\">The plugins folder was scanned; changes are in the audit log.</p><p><a href=\"/plugins\">Plugins</a></p>");
        }).RequireAuthorization(WebRoles.CanOperate).DisableAntiforgery();
        pages.MapPost("/jobs/{id:long}/replay", async (long id, HttpContext context, IJobStore store, AuditLog audit, CancellationToken ct) =>
        {
            var (ok, message) = await DashboardApi.ReplayAsync(id, context, store, audit, ct).ConfigureAwait(false);
            if (message == DashboardApi.CsrfMessage)
            {
                return Results.BadRequest(message);
            }

            return Page(context, ok ? "Job queued again" : "Job not replayed",
                $"<p id=\"replay-outcome\">Job {id}: {E(message)}.</p><p><a href=\"/jobs/{id}\">Back to the job</a></p>", status: ok ? 200 : 409);
        }).RequireAuthorization(WebRoles.CanOperate).DisableAntiforgery();
    }

    private static async Task<IResult> OverviewAsync(HttpContext context, StatusSnapshot status, CancellationToken ct)
    {
        var o = await status.GetAsync(ct).ConfigureAwait(false);
        var body = new StringBuilder("<section class=\"cards\" id=\"overview\">")
            .Append(Card("health", "Service", o.Health.Ready ? "ready" : o.Health.Live ? "starting" : "not running"))
            .Append(Card("instancesPerSecond", "Instances/s", o.InstancesPerSecond.ToString("0.0", CultureInfo.InvariantCulture)))
            .Append(Card("jobsPerSecond", "Jobs/s", o.JobsPerSecond.ToString("0.00", CultureInfo.InvariantCulture)))
            .Append(Card("queueDepth", "Queued jobs", o.QueueDepth.ToString(CultureInfo.InvariantCulture)))
            .Append(Card("instances", "Instances", o.Store.Instances.ToString(CultureInfo.InvariantCulture)))
            .Append(Card("deadJobs", "Dead jobs", o.Store.DeadJobs.Count.ToString(CultureInfo.InvariantCulture)))
            .Append(Card("failedDeliveries", "Failed deliveries", o.Store.FailedDeliveries.Count.ToString(CultureInfo.InvariantCulture)))
            .Append(Card("device", "Device", o.Device))
            .Append(Card("maxBatchSize", "Largest batch allowed", o.MaxBatchSize.ToString(CultureInfo.InvariantCulture)))
            .Append("</section><h2>Queue by plugin</h2>")
            .Append(Table(["Plugin", "Queued or awaiting retry"], QueueRows(o.QueueByPlugin), "queue-by-plugin"))
            .Append("<h2>Engine batches</h2>")
            .Append(Table(["Model", "Batches", "Latest sizes", "Mean", "Largest"], BatchRows(o.Batches), "engine-batches"))
            .Append("<h2>Jobs by state</h2>")
            .Append(Table(["State", "Jobs"], o.Store.Jobs.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new[] { $"<a href=\"/jobs?state={E(p.Key.ToLowerInvariant())}\">{E(p.Key.ToLowerInvariant())}</a>", E(p.Value) }), "job-states"))
            .Append("<h2>Plugins</h2>").Append(PluginTable(o.Plugins))
            .Append("<h2>Declined by plugins (latest)</h2>")
            .Append(Table(["Work item", "Kind", "State", "Why no job"], (o.Store.RecentDeclines ?? [])
                .Select(w => new[] { E(w.Id), E(w.Kind.ToString().ToLowerInvariant()), E(w.State.ToString().ToLowerInvariant()), E(w.Declined ?? string.Empty) }), "declined"))
            .Append("<h2>Latest jobs</h2><div id=\"latest-jobs\" data-live=\"/api/jobs\"></div>");
        return Page(context, "Overview", body.ToString(), "dashboard.js");
    }

    private static IEnumerable<string[]> QueueRows(IReadOnlyDictionary<string, long> queue) =>
        queue.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new[] { E(p.Key), E(p.Value) });

    private static IEnumerable<string[]> BatchRows(IReadOnlyList<EngineActivity.ModelBatches> batches) =>
        batches.Select(b => new[]
        {
            E(b.Model), E(b.Batches), E(string.Join(" ", b.Recent.TakeLast(12))), E(b.Mean.ToString("0.0", CultureInfo.InvariantCulture)), E(b.Max),
        });

    private static string Card(string id, string label, string value) =>
        $"<div class=\"card\"><span class=\"label\">{E(label)}</span><span class=\"value\" data-field=\"{E(id)}\">{E(value)}</span></div>";

    private static async Task<IResult> JobsAsync(HttpContext context, IJobStore store, CancellationToken ct)
    {
        var query = DashboardApi.ParseQuery(context.Request.Query) ?? new JobQuery();
        var jobs = await store.FindJobsAsync(query, ct).ConfigureAwait(false);
        var states = string.Join("", new[] { "" }.Concat(Enum.GetNames<JobState>().Select(s => s.ToLowerInvariant()))
            .Select(s => $"<option value=\"{E(s)}\"{(string.Equals(s, query.State?.ToString(), StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{(s.Length == 0 ? "any state" : E(s))}</option>"));
        var body = new StringBuilder()
            .Append("<form method=\"get\" action=\"/jobs\" class=\"filters\"><label>State <select name=\"state\" id=\"filter-state\">").Append(states).Append("</select></label>")
            .Append("<label>Plugin <input name=\"plugin\" id=\"filter-plugin\" value=\"").Append(E(query.PluginId)).Append("\"></label>")
            .Append("<label>Changed in the last <input name=\"sinceMinutes\" size=\"5\" value=\"").Append(E(context.Request.Query["sinceMinutes"].ToString())).Append("\"> minutes</label>")
            .Append("<button>Filter</button></form>")
            .Append("<div id=\"jobs-live\" data-live=\"/api/jobs").Append(E(context.Request.QueryString.Value)).Append("\">")
            .Append(JobTable(jobs)).Append("</div>");
        return Page(context, "Jobs", body.ToString(), "dashboard.js");
    }

    public static string JobTable(IEnumerable<JobRecord> jobs) =>
        Table(["Job", "Plugin", "Version", "State", "Attempts", "Updated", "Last error"], jobs.Select(j => new[]
        {
            $"<a href=\"/jobs/{j.Id}\">{j.Id}</a>", E(j.PluginId), E(j.PluginVersion), E(j.State.ToString().ToLowerInvariant()), E(j.Attempts), Time(j.UpdatedAt), E(j.LastError),
        }), "jobs");

    private static async Task<IResult> JobAsync(long id, HttpContext context, IJobStore store, JobImages images, CancellationToken ct)
    {
        if (await store.GetJobAsync(id, ct).ConfigureAwait(false) is not { } job)
        {
            return Page(context, "No such job", "<p>There is no job with that number.</p>", status: 404);
        }

        var result = DashboardApi.ReadResult(job);
        var body = new StringBuilder()
            .Append(Table(["Plugin", "Version", "State", "Attempts", "Created", "Updated"], [[E(job.PluginId), E(job.PluginVersion),
                $"<span id=\"job-state\">{E(job.State.ToString().ToLowerInvariant())}</span>", E(job.Attempts), Time(job.CreatedAt), Time(job.UpdatedAt)]]));
        if (job.LastError is { } error)
        {
            body.Append("<p class=\"error\">Last error: ").Append(E(error)).Append("</p>");
        }

        if (job.State is JobState.Dead or JobState.Failed or JobState.Done && WebSecurity.IsOperator(context))
        {
            body.Append("<form method=\"post\" action=\"/jobs/").Append(id).Append("/replay\">").Append(CsrfField(context))
                .Append("<button id=\"replay\">Replay this job</button></form>");
        }

        if (result is not null)
        {
            body.Append("<h2>Findings</h2>").Append(Table(["Finding", "Probability", "Flips at ε", "Smallest flipping ε", "Fragile"], result.Findings.Select(f => new[]
            {
                E(f.Meaning), E(f.Probability.ToString("0.000", CultureInfo.InvariantCulture)),
                E(f.Robustness?.FlipsAtEpsilon.ToString() ?? "-"), E(f.Robustness?.SmallestFlippingEpsilon?.ToString("0.####", CultureInfo.InvariantCulture) ?? "-"),
                f.Robustness?.Fragile == true ? "<strong class=\"fragile\">fragile</strong>" : E(f.Robustness is null ? "-" : "no"),
            }), "findings"));
            if (result.Measurements.Count > 0)
            {
                body.Append("<h2>Measurements</h2>").Append(Table(["Measurement", "Value", "Unit"],
                    result.Measurements.Select(m => new[] { E(m.Name), E(m.Value.ToString("0.###", CultureInfo.InvariantCulture)), E(m.Unit) })));
            }

            body.Append("<h2>Timings</h2>").Append(Table(["Plugin s", "Prepare s", "Output s", "Attempt"], [[
                E(result.Timings.PluginSeconds.ToString("0.000", CultureInfo.InvariantCulture)), E(result.Timings.PrepareSeconds.ToString("0.000", CultureInfo.InvariantCulture)),
                E(result.Timings.OutputSeconds.ToString("0.000", CultureInfo.InvariantCulture)), E(result.Timings.Attempt)]]));
            body.Append("<h2>DICOM results</h2>").Append(Table(["File", "SOP class"], result.DicomObjects.Select(d => new[] { E(d.File), E(d.SopClassUid) })));
        }

        if (await images.SlicesAsync(id, ct).ConfigureAwait(false) is { Count: > 0 } slices)
        {
            body.Append("<h2>Image</h2><div class=\"viewer\" id=\"viewer\" data-job=\"").Append(id).Append("\" data-slices=\"").Append(slices.Count).Append("\">")
                .Append("<canvas id=\"image\"></canvas><canvas id=\"overlay\"></canvas></div>")
                .Append("<div class=\"controls\"><label>Slice <input type=\"range\" id=\"slice\" min=\"1\" max=\"").Append(slices.Count).Append("\" value=\"1\"></label> <span id=\"slice-number\"></span>")
                .Append("<label>Window <input type=\"range\" id=\"window-width\" min=\"1\" max=\"4000\"></label>")
                .Append("<label>Level <input type=\"range\" id=\"window-center\" min=\"-1500\" max=\"3000\"></label>")
                .Append("<label>Overlay <input type=\"range\" id=\"opacity\" min=\"0\" max=\"100\" value=\"45\"></label> <span id=\"overlay-state\"></span></div>");
        }

        foreach (var picture in result?.Files.Where(f => f.MediaType == "image/png") ?? [])
        {
            var name = Path.GetFileName(picture.Name);
            body.Append("<figure><img class=\"result-picture\" alt=\"").Append(E(name)).Append("\" src=\"/api/jobs/").Append(id).Append("/files/")
                .Append(Uri.EscapeDataString(name)).Append("\"><figcaption>").Append(E(name)).Append("</figcaption></figure>");
        }

        return Page(context, string.Create(CultureInfo.InvariantCulture, $"Job {id}"), body.ToString(), "viewer.js");
    }

    private static async Task<IResult> FailuresAsync(HttpContext context, IJobStore store, CancellationToken ct)
    {
        var dead = await store.GetJobsAsync(JobState.Dead, ct).ConfigureAwait(false);
        var failed = await store.GetJobsAsync(JobState.Failed, ct).ConfigureAwait(false);
        var deliveries = await store.GetDeliveriesAsync("failed", ct).ConfigureAwait(false);
        var canReplay = WebSecurity.IsOperator(context);
        string Replay(JobRecord j) => canReplay
            ? $"<form method=\"post\" action=\"/jobs/{j.Id}/replay\" class=\"inline\">{CsrfField(context)}<button class=\"replay\" data-job=\"{j.Id}\">Replay</button></form>"
            : "";
        var body = new StringBuilder("<h2>Dead letters</h2>")
            .Append(Table(["Job", "Plugin", "Attempts", "Reason", ""], dead.Select(j => new[] { $"<a href=\"/jobs/{j.Id}\">{j.Id}</a>", E(j.PluginId), E(j.Attempts), E(j.LastError), Replay(j) }), "dead-jobs"))
            .Append("<h2>Failed, to be retried</h2>")
            .Append(Table(["Job", "Plugin", "Attempts", "Reason"], failed.Select(j => new[] { $"<a href=\"/jobs/{j.Id}\">{j.Id}</a>", E(j.PluginId), E(j.Attempts), E(j.LastError) })))
            .Append("<h2>Deliveries that failed</h2>")
            .Append(Table(["Job", "Destination", "Tries", "Reason", "Last try"], deliveries.Select(d => new[] { $"<a href=\"/jobs/{d.JobId}\">{d.JobId}</a>", E(d.Destination), E(d.Attempts), E(d.LastError), Time(d.UpdatedAt) })));
        return Page(context, "Failures", body.ToString());
    }

    private static IResult Plugins(HttpContext context, IServiceProvider services)
    {
        var catalog = services.GetService(typeof(PluginCatalog)) as PluginCatalog;
        var status = catalog?.GetStatus() ?? [];
        var body = new StringBuilder(PluginTable(status));
        if (WebSecurity.IsOperator(context))
        {
            body.Append("<form method=\"post\" action=\"/plugins/rescan\">").Append(CsrfField(context)).Append("<button id=\"rescan\">Scan the plugins folder now</button></form>");
        }

        if (catalog is not null)
        {
            var operatorView = WebSecurity.IsOperator(context);
            body.Append("<h2>Operator controls</h2>").Append(Table(operatorView ? ["Plugin", "Running", "Control", "Versions kept", ""] : ["Plugin", "Running", "Control", "Versions kept"],
                status.Select(p => p.Id).Distinct(StringComparer.Ordinal).Where(id => catalog.IsInstalled(id) == true).Select(id =>
                {
                    var control = catalog.ControlOf(id);
                    var row = new List<string>
                    {
                        E(id), E(catalog.Loaded(id)?.VersionText ?? "-"),
                        E(control.Disabled ? "disabled" : control.PinnedVersion is { } pin ? $"rolled back to {pin}" : "highest version"),
                        E(string.Join(", ", catalog.AvailableVersions(id))),
                    };
                    if (operatorView)
                    {
                        row.Add(PluginActions.Buttons(context, catalog, id));
                    }

                    return row;
                }), "plugin-controls"));
        }

        var audit = (AuditLog)services.GetService(typeof(AuditLog))!;
        body.Append("<h2>History</h2>").Append(Table(["When", "Who", "Change", "Plugin", "Outcome"],
            audit.Read(2000).Where(e => e.Action.StartsWith("plugin", StringComparison.Ordinal) || e.Action == "rescan plugins" || PluginActions.Actions.Values.Contains(e.Action)).Take(100)
                .Select(e => new[] { Time(e.At), E(e.User), E(e.Action), E(e.Target), E(e.Outcome) }), "plugin-history"));
        foreach (var plugin in status.Where(p => p.State is "active" or PluginStatus.Quarantined))
        {
            body.Append("<h2>").Append(E(plugin.Id)).Append(' ').Append(E(plugin.Version)).Append("</h2>");
            body.Append("<p>").Append(E(plugin.DisplayName)).Append(": accepts ").Append(E(string.Join(", ", plugin.Modalities.Concat(plugin.ReportKinds))))
                .Append("; models ").Append(E(string.Join(", ", plugin.Models))).Append("</p>");
            var card = ModelCard.Read(plugin.Folder);
            body.Append(card is null ? "<p>No model card (model.json) in the plugin's folder.</p>" : "<pre class=\"model-card\">" + E(card) + "</pre>");
        }

        return Page(context, "Plugins", body.ToString());
    }

    private static string PluginTable(IEnumerable<PluginStatus> plugins) =>
        Table(["Plugin", "Version", "State", "Reason", "In flight", "Calls", "Failures"], plugins.Select(p => new[]
        {
            E(p.Id), E(p.Version), E(p.State), E(p.Reason), E(p.InFlight), E(p.Calls), E(p.Failures),
        }), "plugins");
}
