using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RadCnn.Host.Web.Security;

/// <summary>
/// Who may do what: an API key (header) or the login cookie identifies the caller; every endpoint
/// needs at least the viewer role unless it says otherwise (the fallback policy, so a new endpoint
/// is closed until someone opens it on purpose); operator-only endpoints say so. An unauthenticated
/// request gets 401 (a browser is pointed to the login page), a signed-in viewer asking for an
/// operator's action 403. Form posts from the cookie carry an antiforgery token.
/// </summary>
internal static class WebSecurity
{
    public const string CookieName = "radcnn.session";

    private const string CallerScheme = "Caller";

    private static readonly byte[] LoginHint = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>RadCnn: sign in</title><meta http-equiv=\"refresh\" content=\"0;url=/login\"></head>"
        + "<body><p>Sign in first: <a href=\"/login\">/login</a></p></body></html>");

    public static void Add(IServiceCollection services, WebOptions options)
    {
        services.AddAuthentication(CallerScheme)
            .AddPolicyScheme(CallerScheme, "API key or login", policy =>
                policy.ForwardDefaultSelector = context => ApiKeyAuthenticationHandler.HasKey(context.Request) ? ApiKeyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = options.UsesHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(options.SessionMinutes);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/login";
                cookie.Events.OnRedirectToLogin = async context =>
                {
                    // 401 for everyone (scripts see a status, not a redirect); browsers get a page that moves on to the login.
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.Body.WriteAsync(LoginHint).ConfigureAwait(false);
                };
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(WebRoles.CanView, p => p.RequireAuthenticatedUser().RequireRole(WebRoles.Viewer, WebRoles.Operator))
            .AddPolicy(WebRoles.CanOperate, p => p.RequireAuthenticatedUser().RequireRole(WebRoles.Operator))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(WebRoles.Viewer, WebRoles.Operator).Build());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "radcnn.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = options.UsesHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
            o.HeaderName = "X-CSRF-Token";
        });
    }

    /// <summary>The caller's name for the audit log.</summary>
    public static string Who(HttpContext context) => context.User.Identity?.Name ?? "anonymous";

    /// <summary>"api-key" or "login".</summary>
    public static string How(HttpContext context) =>
        context.User.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.AuthenticationType ? ApiKeyAuthenticationHandler.AuthenticationType : "login";

    public static bool IsOperator(HttpContext context) => context.User.IsInRole(WebRoles.Operator);

    /// <summary>
    /// A state-changing request from a browser (login cookie) must carry the antiforgery token (form
    /// field or header); a request with an API key is not sent by a browser on its own and needs none.
    /// </summary>
    public static async Task<bool> PassesCsrfCheckAsync(HttpContext context)
    {
        if (How(context) == ApiKeyAuthenticationHandler.AuthenticationType)
        {
            return true;
        }

        var antiforgery = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
        return await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false);
    }
}
