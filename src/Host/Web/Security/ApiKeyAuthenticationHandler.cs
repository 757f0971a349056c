using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RadCnn.Host.Web.Security;

/// <summary>
/// Machines (Prometheus, a PACS, OHIF, scripts) authenticate with an API key in
/// "Authorization: ApiKey KEY", "Authorization: Bearer KEY" or "X-Api-Key: KEY". Keys are compared
/// by their SHA-256; a wrong key is a failure (401), no key leaves the request to the login cookie.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CredentialSet credentials)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string AuthenticationType = "api-key";

    /// <summary>Whether the request carries an API key at all (then the key, not the cookie, decides).</summary>
    public static bool HasKey(Microsoft.AspNetCore.Http.HttpRequest request) => Presented(request) is not null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (credentials.FindKey(presented) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)], AuthenticationType);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
        return Task.CompletedTask;
    }

    private static string? Presented(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        foreach (var scheme in new[] { "ApiKey ", "Bearer " })
        {
            if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization.Length > scheme.Length)
            {
                return authorization[scheme.Length..].Trim();
            }
        }

        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }
}
