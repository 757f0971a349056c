using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// The dashboard's page frame and encoding helpers. Titles name the page and at most a job number,
/// never a patient value; every value written into a page goes through <see cref="E"/>.
/// </summary>
internal static class Html
{
    public static string E(object? value) => WebUtility.HtmlEncode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");

    /// <summary>A hidden antiforgery field for a form posted with the login cookie.</summary>
    public static string CsrfField(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    public static IResult Page(HttpContext context, string title, string body, string? script = null, int? status = null)
    {
        var user = context.User.Identity?.IsAuthenticated == true
            ? $"<span class=\"who\">{E(context.User.Identity.Name)} ({(Security.WebSecurity.IsOperator(context) ? "operator" : "viewer")})</span>"
              + $"<form method=\"post\" action=\"/logout\" class=\"inline\">{CsrfField(context)}<button>Sign out</button></form>"
            : "";
        var nav = context.User.Identity?.IsAuthenticated == true
            ? "<a href=\"/\">Overview</a><a href=\"/jobs\">Jobs</a><a href=\"/failures\">Failures</a><a href=\"/deliveries\">Deliveries</a><a href=\"/plugins\">Plugins</a><a href=\"/audit\">Audit</a>"
            : "";
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>RadCnn: ").Append(E(title)).Append("</title><link rel=\"stylesheet\" href=\"/static/dashboard.css\"></head><body>")
            .Append("<header><strong>RadCnn</strong><nav>").Append(nav).Append("</nav>").Append(user).Append("</header><main>")
            .Append("<h1>").Append(E(title)).Append("</h1>").Append(body)
            .Append("<p class=\"note\">Not for clinical use: every model shipped with RadCnn is trained on synthetic phantoms.</p></main>");
        if (script is not null)
        {
            page.Append("<script src=\"/static/").Append(E(script)).Append("\"></script>");
        }

        page.Append("</body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows, string? id = null)
    {
        var html = new StringBuilder("<table").Append(id is null ? "" : $" id=\"{E(id)}\"").Append("><thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                // Cells are HTML already (encoded by the caller where they hold values).
                html.Append("<td>").Append(cell).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    public static string Time(DateTimeOffset at) => E(at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
