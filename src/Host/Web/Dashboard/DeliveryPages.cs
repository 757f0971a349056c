using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RadCnn.Host.Store;
using RadCnn.Host.Web.Security;
using static RadCnn.Host.Web.Dashboard.Html;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// Deliveries and retries: /deliveries (filters by state, destination and job; the table updates
/// itself from /api/deliveries) and, for operators, "retry the failed deliveries now" (audited,
/// antiforgery-checked). Jobs are named by number and destinations by AE title and address; no
/// patient value is in the page, its title or its address.
/// </summary>
internal static class DeliveryPages
{
    private const string FilterMessage = "state must be one of pending, retrying, sent, failed; job a job number";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deliveries", async (HttpContext context, DeliveryList deliveries, CancellationToken ct) =>
            DeliveryList.ParseFilter(context.Request.Query) is { } filter
                ? Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(await deliveries.FindAsync(filter, ct).ConfigureAwait(false), Json), "application/json; charset=utf-8")
                : Results.BadRequest(FilterMessage))
            .RequireAuthorization(WebRoles.CanView);
        app.MapGet("/deliveries", PageAsync).RequireAuthorization(WebRoles.CanView);
        app.MapPost("/deliveries/retry", async (HttpContext context, IJobStore store, AuditLog audit, CancellationToken ct) =>
        {
            if (!await WebSecurity.PassesCsrfCheckAsync(context).ConfigureAwait(false))
            {
                audit.Write(WebSecurity.Who(context), WebSecurity.How(context), "retry deliveries", "failed deliveries", "refused: " + DashboardApi.CsrfMessage);
                return Results.BadRequest(DashboardApi.CsrfMessage);
            }

            var count = await store.ReplayFailedDeliveriesAsync(null, ct).ConfigureAwait(false);
            var outcome = string.Create(CultureInfo.InvariantCulture, $"{count} put back to pending");
            audit.Write(WebSecurity.Who(context), WebSecurity.How(context), "retry deliveries", "failed deliveries", outcome);
            return Page(context, "Deliveries retried",
                $"<p id=\"retry-outcome\">{E(outcome)}; the forwarder sends them at its next scan.</p><p><a href=\"/deliveries\">Deliveries</a></p>");
        }).RequireAuthorization(WebRoles.CanOperate).DisableAntiforgery();
    }

    private static async Task<IResult> PageAsync(HttpContext context, DeliveryList deliveries, CancellationToken ct)
    {
        if (DeliveryList.ParseFilter(context.Request.Query) is not { } filter)
        {
            return Page(context, "Deliveries", $"<p class=\"error\">{E(FilterMessage)}</p>", status: StatusCodes.Status400BadRequest);
        }

        var found = await deliveries.FindAsync(filter, ct).ConfigureAwait(false);
        var states = string.Join("", new[] { "" }.Concat(DeliveryList.States)
            .Select(s => $"<option value=\"{E(s)}\"{(s == (filter.State ?? "") ? " selected" : "")}>{(s.Length == 0 ? "any state" : E(s))}</option>"));
        var body = new StringBuilder()
            .Append("<form method=\"get\" action=\"/deliveries\" class=\"filters\"><label>State <select name=\"state\" id=\"filter-delivery-state\">").Append(states).Append("</select></label>")
            .Append("<label>Destination <input name=\"destination\" id=\"filter-destination\" value=\"").Append(E(filter.Destination)).Append("\"></label>")
            .Append("<label>Job <input name=\"job\" size=\"8\" value=\"").Append(E(filter.JobId)).Append("\"></label>")
            .Append("<button>Filter</button></form>");
        if (WebSecurity.IsOperator(context))
        {
            body.Append("<form method=\"post\" action=\"/deliveries/retry\">").Append(CsrfField(context))
                .Append("<button id=\"retry-deliveries\">Retry the failed deliveries now</button></form>");
        }

        body.Append("<div id=\"deliveries-live\" data-live=\"/api/deliveries").Append(E(context.Request.QueryString.Value)).Append("\" data-kind=\"deliveries\">")
            .Append(Table(["Job", "Destination", "State", "Tries", "Updated", "Next try", "Last error"], found.Select(d => new[]
            {
                $"<a href=\"/jobs/{d.JobId}\">{d.JobId}</a>", E(d.Destination), E(d.State), E(d.Attempts), Time(d.UpdatedAt),
                d.NextRetryAt is { } next ? Time(next) : "", E(d.LastError),
            }), "deliveries"))
            .Append("</div>");
        return Page(context, "Deliveries", body.ToString(), "dashboard.js");
    }
}
