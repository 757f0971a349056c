using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RadCnn.Host.Web.Dashboard;

namespace RadCnn.Host.Web.Security;

/// <summary>/login and /logout for people; /health for probes, the one place open to everyone.</summary>
internal static class LoginEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (StatusSnapshot status) => Results.Json(status.Health())).AllowAnonymous();
        app.MapGet("/login", (HttpContext context) => LoginPage(context, null)).AllowAnonymous();
        app.MapPost("/login", LoginAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/logout", async (HttpContext context) =>
        {
            if (!await WebSecurity.PassesCsrfCheckAsync(context).ConfigureAwait(false))
            {
                return Results.BadRequest("missing or wrong antiforgery token");
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Results.Redirect("/login");
        }).DisableAntiforgery();
        app.MapGet("/static/{file}", (string file) => StaticAssets.Serve(file)).AllowAnonymous();
    }

    private static async Task<IResult> LoginAsync(HttpContext context, CredentialSet credentials, LoginThrottle throttle, AuditLog audit)
    {
        // Login forms are CSRF-protected too: otherwise another site could sign a browser into an account of its choosing.
        var antiforgery = context.RequestServices.GetService(typeof(Microsoft.AspNetCore.Antiforgery.IAntiforgery)) as Microsoft.AspNetCore.Antiforgery.IAntiforgery;
        if (!context.Request.HasFormContentType || antiforgery is null || !await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return Results.BadRequest("missing or wrong antiforgery token; reload the login page");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var name = form["user"].ToString();
        var password = form["password"].ToString();
        if (name.Length is 0 or > 128)
        {
            return LoginPage(context, "Give a user name and password.", StatusCodes.Status401Unauthorized);
        }

        if (throttle.IsLockedOut(name))
        {
            audit.Write(name, "login", "login", "-", "refused: too many failed attempts");
            return LoginPage(context, "Too many failed attempts; try again later.", StatusCodes.Status429TooManyRequests);
        }

        if (credentials.CheckPassword(name, password) is not { } user)
        {
            throttle.Failed(name);
            audit.Write(name, "login", "login", "-", "failed");
            return LoginPage(context, "Wrong user name or password.", StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(name);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        audit.Write(user.Name, "login", "login", "-", "signed in");
        // Always to the overview: a return address from the query would be an open redirect.
        return Results.Redirect("/");
    }

    private static IResult LoginPage(HttpContext context, string? message, int status = StatusCodes.Status200OK)
    {
        var body = (message is null ? "" : $"<p class=\"error\" id=\"login-error\">{Html.E(message)}</p>")
            + "<form method=\"post\" action=\"/login\" class=\"login\">" + Html.CsrfField(context)
            + "<label>User <input name=\"user\" id=\"user\" autocomplete=\"username\" required></label>"
            + "<label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
            + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>";
        return Html.Page(context, "Sign in", body, status: status);
    }
}
