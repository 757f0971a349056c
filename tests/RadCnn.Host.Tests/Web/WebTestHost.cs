using RadCnn.Host.Runner;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.Host.Web;
using RadCnn.Host.Web.Security;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Web;

/// <summary>
/// The whole service in-process with its web face on a free loopback port, two people (a viewer
/// and an operator, password <see cref="Password"/>) and two API keys, the test plugins behind the
/// gateway, and every log line kept.
/// </summary>
internal sealed partial class WebTestHost : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";
    public const string ViewerUser = "vera";
    public const string OperatorUser = "otto";
    public const string ViewerKey = "rck_viewer_0123456789abcdefghijklmnopqrstuvwxyz";
    public const string OperatorKey = "rck_operator_0123456789abcdefghijklmnopqrstuvwxyz";

    // The minimum iterations the settings accept, computed once: the tests log in often.
    private static readonly Lazy<string> PasswordHash = new(() => PasswordHasher.Hash(Password, 100_000));

    private readonly IHost _host;

    private WebTestHost(IHost host, int? dicomPort, LogCapture logs)
    {
        _host = host;
        DicomPort = dicomPort;
        Logs = logs;
        Web = host.Services.GetRequiredService<WebFrontEnd>();
        BaseAddress = Web.Address ?? throw new InvalidOperationException("the web face did not start");
    }

    public Uri BaseAddress { get; }

    public int? DicomPort { get; }

    public LogCapture Logs { get; }

    public WebFrontEnd Web { get; }

    public IServiceProvider Services => _host.Services;

    public IJobStore Store => _host.Services.GetRequiredService<IJobStore>();

    public PipelinePaths Paths => _host.Services.GetRequiredService<PipelinePaths>();

    public static string[] CredentialSettings =>
    [
        $"--RadCnn:Web:Users:0:Name={ViewerUser}", $"--RadCnn:Web:Users:0:PasswordHash={PasswordHash.Value}", "--RadCnn:Web:Users:0:Role=viewer",
        $"--RadCnn:Web:Users:1:Name={OperatorUser}", $"--RadCnn:Web:Users:1:PasswordHash={PasswordHash.Value}", "--RadCnn:Web:Users:1:Role=operator",
        "--RadCnn:Web:ApiKeys:0:Name=prometheus", $"--RadCnn:Web:ApiKeys:0:Sha256={PasswordHasher.KeyDigest(ViewerKey)}", "--RadCnn:Web:ApiKeys:0:Role=viewer",
        "--RadCnn:Web:ApiKeys:1:Name=pacs", $"--RadCnn:Web:ApiKeys:1:Sha256={PasswordHasher.KeyDigest(OperatorKey)}", "--RadCnn:Web:ApiKeys:1:Role=operator",
    ];

    /// <param name="dir">Holds the data directory and plugins folder.</param>
    /// <param name="listener">Whether the DICOM listener runs (on a free port).</param>
    /// <param name="gateway">The test plugins; <see cref="TestPluginGateway"/> where null.</param>
    /// <param name="settings">More settings, overriding the ones here.</param>
    public static async Task<WebTestHost> StartAsync(TempDirectory dir, bool listener = false, IPluginGateway? gateway = null, params string[] settings)
    {
        int? dicomPort = listener ? Peers.FreeTcpPort() : null;
        var webPort = Peers.FreeTcpPort();
        var builder = TestService.Create(dir.Combine("var"), dicomPort, dir.Combine("plugins"),
        [
            "--RadCnn:Web:Enabled=true",
            string.Create(CultureInfo.InvariantCulture, $"--RadCnn:Web:Port={webPort}"),
            "--RadCnn:Web:MaxFailedLogins=3",
            "--Logging:LogLevel:Default=Debug",
            .. CredentialSettings,
            .. settings,
        ]);
        builder.Services.AddSingleton<IPluginGateway>(gateway ?? new TestPluginGateway());
        var logs = new LogCapture();
        builder.Logging.AddProvider(logs);
        var host = builder.Build();
        await host.StartAsync();
        if (dicomPort is { } port)
        {
            await TestStudy.WaitForPortAsync(port);
        }

        return new WebTestHost(host, dicomPort, logs);
    }

    /// <summary>A client that follows no redirects, keeps cookies, and sends <paramref name="apiKey"/> when given.</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>Signs in through the login form (with its antiforgery token), as a browser does.</summary>
    public async Task<HttpClient> LoginAsync(string user, string password = Password)
    {
        var client = Client();
        var response = await PostLoginAsync(client, user, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"login as {user} answered {(int)response.StatusCode}");
        }

        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password)
    {
        var token = await CsrfTokenAsync(client, "/login");
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = token, ["user"] = user, ["password"] = password }));
    }

    /// <summary>The antiforgery token of the first form on <paramref name="page"/>.</summary>
    public static async Task<string> CsrfTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return CsrfField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"no antiforgery field on {page}");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
