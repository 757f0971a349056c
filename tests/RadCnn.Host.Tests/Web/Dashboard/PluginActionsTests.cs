using System.Net;
using System.Text.Json;
using RadCnn.Host.Plugins;
using RadCnn.Host.Tests.Plugins;
using RadCnn.Host.Web.Dashboard;
using RadCnn.Host.Web.Security;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Web.Dashboard;

/// <summary>
/// Plugin management from the web face on the real catalog: with versions 1 and 2 of the no-op
/// fixture in the plugins folder, an operator rolls back to 1 (2 drains), goes back to the newest,
/// disables the plugin (no version active) and enables it again, by form with the antiforgery token
/// and by key; a form without the token and every viewer are refused; each request is in the audit
/// log with who and the outcome, and the choice is kept in the data directory for the next start.
/// </summary>
public sealed class PluginActionsTests : IDisposable
{
    private const string Echo = "fixture.noop";
    private readonly TempDirectory _dir = new("radcnn-web-plugins");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_operator_rolls_back_returns_to_the_newest_disables_and_enables_a_plugin_and_each_change_is_audited()
    {
        // Versions 1.0.0 and 2.0.0 of the no-op fixture (it registers no model, so it loads beside a real engine).
        FixturePlugins.Deploy("NoOp", _dir.Combine("plugins"), "noop-1");
        var second = FixturePlugins.Deploy("NoOp", _dir.Combine("staging"), "noop-2");
        var manifest = Path.Combine(second, "plugin.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"version\": \"1.0.0\"", "\"version\": \"2.0.0\"", StringComparison.Ordinal));
        Directory.Move(second, _dir.Combine("plugins", "noop-2"));
        await using var web = await WebTestHost.StartAsync(_dir);
        var catalog = (PluginCatalog)web.Services.GetService(typeof(PluginCatalog))!;
        await WaitForAsync(() => catalog.Loaded(Echo)?.VersionText == "2.0.0", "version 2 active at start");

        // A viewer sees the controls but gets no buttons, and every action is refused.
        using var viewer = await web.LoginAsync(WebTestHost.ViewerUser);
        var viewerPage = await viewer.GetStringAsync("/plugins");
        Assert.Contains("id=\"plugin-controls\"", viewerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"plugin-action\"", viewerPage, StringComparison.Ordinal);
        using var viewerKey = web.Client(WebTestHost.ViewerKey);
        foreach (var action in PluginActions.Actions.Keys)
        {
            using var refused = await viewerKey.PostAsync($"/plugins/{Echo}/{action}", null);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        // The operator's page offers roll back (version 1 is kept) and disable; without the token the form is refused.
        using var browser = await web.LoginAsync(WebTestHost.OperatorUser);
        var page = await browser.GetStringAsync("/plugins");
        Assert.Contains($"action=\"/plugins/{Echo}/rollback\"", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"/plugins/{Echo}/disable\"", page, StringComparison.Ordinal);
        using (var forged = await browser.PostAsync($"/plugins/{Echo}/rollback", new FormUrlEncodedContent(new Dictionary<string, string>())))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal("2.0.0", catalog.Loaded(Echo)?.VersionText);

        await PostFormAsync(browser, "rollback", HttpStatusCode.OK);
        Assert.Equal("1.0.0", catalog.Loaded(Echo)?.VersionText);
        Assert.Equal("1.0.0", new PluginControls(PluginControls.DefaultPath(web.Paths.DataDirectory)).Get(Echo).PinnedVersion);
        var afterRollback = await browser.GetStringAsync("/plugins");
        Assert.Contains("rolled back to 1.0.0", afterRollback, StringComparison.Ordinal);
        Assert.Contains($"action=\"/plugins/{Echo}/newest\"", afterRollback, StringComparison.Ordinal);

        // Nothing below 1.0.0 is kept: a second roll-back changes nothing and says why.
        await PostFormAsync(browser, "rollback", HttpStatusCode.Conflict);

        await PostFormAsync(browser, "newest", HttpStatusCode.OK);
        Assert.Equal("2.0.0", catalog.Loaded(Echo)?.VersionText);

        // By key (no browser, no token): disable, then enable.
        using var operatorKey = web.Client(WebTestHost.OperatorKey);
        using (var disabled = await operatorKey.PostAsync($"/plugins/{Echo}/disable", null))
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        }

        Assert.Null(catalog.Loaded(Echo));
        Assert.DoesNotContain(catalog.GetActive(), m => m.Id == Echo);
        Assert.Contains(catalog.GetStatus(), s => s.Id == Echo && s.State == "disabled");
        Assert.True(new PluginControls(PluginControls.DefaultPath(web.Paths.DataDirectory)).Get(Echo).Disabled);
        using (var enabled = await operatorKey.PostAsync($"/plugins/{Echo}/enable", null))
        {
            Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        }

        Assert.Equal("2.0.0", catalog.Loaded(Echo)?.VersionText);
        using (var unknown = await operatorKey.PostAsync("/plugins/no.such.plugin/disable", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // The audit log: who, what, when and the outcome of every request, refused ones included.
        var audit = File.ReadAllLines(AuditLog.DefaultPath(web.Paths.DataDirectory))
            .Select(l => JsonSerializer.Deserialize<AuditEntry>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)
            .Where(e => PluginActions.Actions.Values.Contains(e.Action)).ToList();
        Assert.Contains(audit, e => e.Action == "roll back plugin" && e.User == WebTestHost.OperatorUser && e.Outcome.StartsWith("refused", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "roll back plugin" && e.User == WebTestHost.OperatorUser && e.Outcome.Contains("rolled back from 2.0.0 to 1.0.0", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "roll back plugin" && e.Outcome.Contains("keeps no version", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "use newest plugin version" && e.Outcome.Contains("active: 2.0.0", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "disable plugin" && e.User == "pacs" && e.Authentication == "api-key" && e.Target == Echo);
        Assert.Contains(audit, e => e.Action == "enable plugin" && e.User == "pacs" && e.Outcome.Contains("active: 2.0.0", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "disable plugin" && e.Target == "no.such.plugin" && e.Outcome == "refused: no such plugin");
        Assert.DoesNotContain(audit, e => e.User == WebTestHost.ViewerUser || e.User == "prometheus");
        Assert.All(audit, e => Assert.True(DateTimeOffset.UtcNow - e.At < TimeSpan.FromMinutes(5)));

        // The plugins page's history shows the operator's changes with who made them.
        var history = await viewer.GetStringAsync("/plugins");
        Assert.Contains("roll back plugin", history, StringComparison.Ordinal);
        Assert.Contains(WebTestHost.OperatorUser, history, StringComparison.Ordinal);
    }

    private static async Task PostFormAsync(HttpClient browser, string action, HttpStatusCode expected)
    {
        var token = await WebTestHost.CsrfTokenAsync(browser, "/plugins");
        using var response = await browser.PostAsync($"/plugins/{Echo}/{action}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = token }));
        Assert.True(response.StatusCode == expected, $"{action} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }
}
