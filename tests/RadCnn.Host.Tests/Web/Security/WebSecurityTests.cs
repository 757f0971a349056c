using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.Host.Web.Security;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Web.Security;

/// <summary>
/// The web face's doors: every endpoint the running app has (read from its EndpointDataSource, so a
/// new one cannot be forgotten) refuses a caller without credentials or with a wrong key; a viewer
/// is refused every operator endpoint; replay needs an operator and, from a browser, the
/// antiforgery token; logins and replays are in the audit log; wrong passwords lock the name out.
/// </summary>
public sealed class WebSecurityTests : IAsyncLifetime
{
    // The only endpoints open to everyone: the health probe, the login form and the stylesheet/scripts.
    private static readonly HashSet<string> Anonymous = ["GET /health", "GET /login", "POST /login", "GET /static/{file}"];

    private readonly TempDirectory _dir = new("radcnn-web-security");
    private WebTestHost _web = null!;

    public async Task InitializeAsync() => _web = await WebTestHost.StartAsync(_dir, settings: ["--RadCnn:Runner:MaxAttempts=1"]);

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Every_endpoint_but_health_login_and_static_files_refuses_callers_without_valid_credentials()
    {
        var endpoints = Endpoints();
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints found");
        Assert.Equal(Anonymous, endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.Key).ToHashSet());

        using var anonymous = _web.Client();
        using var wrongKey = _web.Client("rck_not_a_key_anyone_has");
        foreach (var (key, method, url, _) in endpoints.Where(e => !Anonymous.Contains(e.Key)))
        {
            foreach (var client in new[] { anonymous, wrongKey })
            {
                using var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = method == HttpMethod.Post ? new StringContent("") : null });
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{key} ({url}) answered {(int)response.StatusCode} without valid credentials");
            }
        }

        // The open ones answer, and /health carries no counts beyond the queue.
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/login")).StatusCode);
    }

    [Fact]
    public async Task A_viewer_is_refused_every_operator_endpoint_and_cannot_replay_a_job()
    {
        var jobId = await DeadJobAsync();
        var operatorOnly = Endpoints().Where(e => e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == WebRoles.CanOperate)).ToList();
        Assert.Contains(operatorOnly, e => e.Key == "POST /api/jobs/{id:long}/replay");
        Assert.Contains(operatorOnly, e => e.Key == "POST /jobs/{id:long}/replay");
        Assert.Contains(operatorOnly, e => e.Key == "POST /dicom-web/studies");

        using var viewerKey = _web.Client(WebTestHost.ViewerKey);
        using var viewer = await _web.LoginAsync(WebTestHost.ViewerUser);
        foreach (var (key, method, url, _) in operatorOnly)
        {
            foreach (var client in new[] { viewerKey, viewer })
            {
                using var response = await client.SendAsync(new HttpRequestMessage(method, url.Replace("/1/", $"/{jobId}/", StringComparison.Ordinal)) { Content = method == HttpMethod.Post ? new StringContent("") : null });
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{key} answered {(int)response.StatusCode} to a viewer");
            }
        }

        // The viewer's page has no replay button, the job is still dead, and nothing was audited as replayed.
        Assert.DoesNotContain("id=\"replay\"", await viewer.GetStringAsync($"/jobs/{jobId}"), StringComparison.Ordinal);
        Assert.Equal(JobState.Dead, (await _web.Store.GetJobAsync(jobId))!.State);
        Assert.DoesNotContain(Audit(), e => e.Action == "replay");
    }

    [Fact]
    public async Task An_operator_replays_by_key_and_by_form_with_the_antiforgery_token_and_each_replay_is_audited()
    {
        var jobId = await DeadJobAsync();
        using var operatorKey = _web.Client(WebTestHost.OperatorKey);
        using var byKey = await operatorKey.PostAsync($"/api/jobs/{jobId}/replay", null);
        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
        var entry = Assert.Single(Audit(), e => e.Action == "replay");
        Assert.Equal(("pacs", "api-key", $"job {jobId}", "queued again"), (entry.User, entry.Authentication, entry.Target, entry.Outcome));

        // The thrower fails again, the job is dead again; now the operator uses the page's form.
        await WaitForDeadAsync(jobId, attempts: 1);
        using var browser = await _web.LoginAsync(WebTestHost.OperatorUser);
        using var forged = await browser.PostAsync($"/jobs/{jobId}/replay", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(JobState.Dead, (await _web.Store.GetJobAsync(jobId))!.State);
        var token = await WebTestHost.CsrfTokenAsync(browser, $"/jobs/{jobId}");
        using var replayed = await browser.PostAsync($"/jobs/{jobId}/replay", new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = token }));
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("queued again", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var replays = Audit().Where(e => e.Action == "replay").ToList();
        Assert.Equal(3, replays.Count);
        Assert.Contains(replays, e => e.User == WebTestHost.OperatorUser && e.Authentication == "login" && e.Outcome.StartsWith("refused", StringComparison.Ordinal));
        Assert.Contains(replays, e => e.User == WebTestHost.OperatorUser && e.Authentication == "login" && e.Outcome == "queued again");
        Assert.All(replays, e => Assert.True(DateTimeOffset.UtcNow - e.At < TimeSpan.FromMinutes(2)));
        Assert.Contains(Audit(), e => e.Action == "login" && e.User == WebTestHost.OperatorUser && e.Outcome == "signed in");
    }

    [Fact]
    public async Task A_login_without_the_antiforgery_token_or_with_a_wrong_password_fails_and_repeated_failures_lock_the_name_out()
    {
        using var client = _web.Client();
        using var noToken = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = WebTestHost.OperatorUser, ["password"] = WebTestHost.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await WebTestHost.PostLoginAsync(client, WebTestHost.OperatorUser, "wrong password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Locked out now, even with the right password; the other user is not affected.
        using var locked = await WebTestHost.PostLoginAsync(client, WebTestHost.OperatorUser, WebTestHost.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        using var other = await WebTestHost.PostLoginAsync(_web.Client(), WebTestHost.ViewerUser, WebTestHost.Password);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Equal(3, Audit().Count(e => e.Action == "login" && e.User == WebTestHost.OperatorUser && e.Outcome == "failed"));

        // The session cookie is HttpOnly and SameSite=Strict.
        Assert.Contains(other.Headers.GetValues("Set-Cookie"), c => c.StartsWith(WebSecurity.CookieName + "=", StringComparison.Ordinal)
            && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_plugin_deployed_into_the_folder_and_an_operators_rescan_are_in_the_audit_log_and_the_plugin_history()
    {
        // An operator deploys a plugin folder and asks for a scan at once (rather than waiting for the watcher).
        RadCnn.Host.Tests.Plugins.FixturePlugins.DeployAtomically("Echo.V1", _dir.Combine("plugins"), "echo");
        using var operatorKey = _web.Client(WebTestHost.OperatorKey);
        using var rescan = await operatorKey.PostAsync("/plugins/rescan", null);
        Assert.Equal(HttpStatusCode.OK, rescan.StatusCode);
        Assert.Contains(Audit(), e => e.Action == "rescan plugins" && e.User == "pacs" && e.Authentication == "api-key");

        // The catalog's change is audited as the plugins folder's doing.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Audit().Any(e => e.Action.StartsWith("plugin ", StringComparison.Ordinal) && e.User == PluginChangeAudit.Actor && e.Target.StartsWith("fixture.echo", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the deployed plugin was not audited: " + string.Join("; ", Audit().Select(e => $"{e.User} {e.Action} {e.Target} {e.Outcome}")));
            await Task.Delay(100);
        }

        using var viewer = _web.Client(WebTestHost.ViewerKey);
        var page = await viewer.GetStringAsync("/plugins");
        Assert.Contains("fixture.echo", page, StringComparison.Ordinal);
        Assert.Contains("rescan plugins", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"rescan\"", page, StringComparison.Ordinal);
    }

    private IReadOnlyList<AuditEntry> Audit() =>
        [.. File.ReadAllLines(AuditLog.DefaultPath(_web.Paths.DataDirectory)).Select(l => JsonSerializer.Deserialize<AuditEntry>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)];

    /// <summary>An MR series for the test plugins: "thrower" dies on it at once (one attempt allowed).</summary>
    private async Task<long> DeadJobAsync()
    {
        TestStudy.WriteSeries(Path.Combine(_web.Paths.Inbox, "mr"), TestStudy.NewUid(), TestStudy.NewUid(), "MR", 2);
        await TestStudy.WaitForAsync(_web.Store, s => s.Jobs.GetValueOrDefault("Dead") == 1);
        return Assert.Single(await _web.Store.GetJobsAsync(JobState.Dead)).Id;
    }

    private async Task WaitForDeadAsync(long jobId, int attempts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await _web.Store.GetJobAsync(jobId))!.State != JobState.Dead || (await _web.Store.GetJobAsync(jobId))!.Attempts != attempts)
        {
            Assert.True(DateTime.UtcNow < deadline, "the replayed job did not die again");
            await Task.Delay(50);
        }
    }

    /// <summary>Every route of the running app with a request that reaches it (parameters filled with harmless values).</summary>
    private List<(string Key, HttpMethod Method, string Url, RouteEndpoint Endpoint)> Endpoints()
    {
        var list = new List<(string, HttpMethod, string, RouteEndpoint)>();
        foreach (var endpoint in _web.Web.Endpoints!.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var url = "/" + string.Join('/', pattern.Trim('/').Split('/').Select(segment => segment switch
            {
                "{id:long}" => "1",
                "{n:int}" => "0",
                "{file}" => "dashboard.css",
                "{name}" => "picture.png",
                ['{', ..] => "1.2.826.0.1.3680043.8.498.1",
                _ => segment,
            }));
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                list.Add(($"{method} {"/" + pattern.TrimStart('/')}", new HttpMethod(method), url, endpoint));
            }
        }

        return list;
    }
}
