using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RadCnn.Host.Plugins;
using RadCnn.Host.Web.Security;
using static RadCnn.Host.Web.Dashboard.Html;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// An operator's plugin changes from the plugins page or with an operator key: disable, enable, roll
/// back to the version the running one replaced (while the plugins folder still keeps it) and back
/// to the highest version. Operators only, antiforgery-checked for the login cookie, and every
/// request (refused ones too) written to the audit log with who, what and the outcome before the
/// answer goes out. Installing uploaded packages is not offered: the catalog's way in is the
/// plugins folder (copied under a dot-name and renamed), which the rescan button already serves.
/// </summary>
internal static class PluginActions
{
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["disable"] = "disable plugin",
        ["enable"] = "enable plugin",
        ["rollback"] = "roll back plugin",
        ["newest"] = "use newest plugin version",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var (action, auditAction) in Actions)
        {
            app.MapPost($"/plugins/{{id}}/{action}", (string id, HttpContext context, IServiceProvider services, AuditLog audit, CancellationToken ct) =>
                    ApplyAsync(action, auditAction, id, context, services.GetService(typeof(PluginCatalog)) as PluginCatalog, audit, ct))
                .RequireAuthorization(WebRoles.CanOperate).DisableAntiforgery();
        }
    }

    private static async Task<IResult> ApplyAsync(string action, string auditAction, string id, HttpContext context, PluginCatalog? catalog, AuditLog audit, CancellationToken ct)
    {
        var who = WebSecurity.Who(context);
        var how = WebSecurity.How(context);
        if (!await WebSecurity.PassesCsrfCheckAsync(context).ConfigureAwait(false))
        {
            audit.Write(who, how, auditAction, id, "refused: " + DashboardApi.CsrfMessage);
            return Results.BadRequest(DashboardApi.CsrfMessage);
        }

        if (catalog is null || catalog.IsInstalled(id) != true)
        {
            audit.Write(who, how, auditAction, id, "refused: no such plugin");
            return Page(context, "No such plugin", "<p id=\"plugin-outcome\">There is no plugin with that id.</p><p><a href=\"/plugins\">Plugins</a></p>", status: StatusCodes.Status404NotFound);
        }

        var change = action switch
        {
            "disable" => await catalog.DisableAsync(id, ct).ConfigureAwait(false),
            "enable" => await catalog.EnableAsync(id, ct).ConfigureAwait(false),
            "rollback" => await catalog.RollBackAsync(id, ct).ConfigureAwait(false),
            _ => await catalog.UseNewestAsync(id, ct).ConfigureAwait(false),
        };
        audit.Write(who, how, auditAction, id, change.Outcome);
        return Page(context, change.Changed ? "Plugin changed" : "Plugin not changed",
            $"<p id=\"plugin-outcome\">{E(id)}: {E(change.Outcome)}.</p><p><a href=\"/plugins\">Plugins</a></p>",
            status: change.Changed ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
    }

    /// <summary>The buttons an operator gets for <paramref name="id"/> on the plugins page (forms with the antiforgery token).</summary>
    public static string Buttons(HttpContext context, PluginCatalog catalog, string id)
    {
        var control = catalog.ControlOf(id);
        var running = catalog.Loaded(id);
        var buttons = new List<string>();
        buttons.Add(control.Disabled ? "enable" : "disable");
        if (!control.Disabled && running is not null && catalog.AvailableVersions(id).Any(v => Abstractions.Manifest.PluginVersion.TryParse(v, out var version) && version < running.Manifest.Version))
        {
            buttons.Add("rollback");
        }

        if (control.PinnedVersion is not null)
        {
            buttons.Add("newest");
        }

        return string.Concat(buttons.Select(b =>
            $"<form method=\"post\" action=\"/plugins/{Uri.EscapeDataString(id)}/{b}\" class=\"inline\">{CsrfField(context)}"
            + $"<button class=\"plugin-action\" data-plugin=\"{E(id)}\" data-action=\"{b}\">{E(Label(b))}</button></form>"));
    }

    private static string Label(string action) => action switch
    {
        "disable" => "Disable",
        "enable" => "Enable",
        "rollback" => "Roll back",
        _ => "Use newest version",
    };
}
