using System.Net;
using System.Text.Json;
using RadCnn.Host.Outputs;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.Host.Web.Dashboard;
using RadCnn.Host.Web.Security;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Web.Dashboard;

/// <summary>
/// Deliveries and retries with a real PACS: while nothing listens at the destination the result's
/// delivery fails and the deliveries view and API show it (state, tries, reason, filters); a viewer
/// cannot ask for a retry and a form without the antiforgery token is refused; once Orthanc listens
/// there, an operator's retry (audited) sends it and the view shows it sent.
/// </summary>
public sealed class DeliveriesTests : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly TempDirectory _dir = new("radcnn-web-deliveries");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_failed_delivery_is_listed_with_its_reason_and_an_operators_retry_sends_it_once_the_pacs_is_up()
    {
        var pacsPort = Peers.FreeTcpPort();
        await using var web = await WebTestHost.StartAsync(_dir, settings:
        [
            "--RadCnn:Forwarding:Host=127.0.0.1", $"--RadCnn:Forwarding:Port={pacsPort}", "--RadCnn:Forwarding:CalledAeTitle=ORTHANC",
            "--RadCnn:Forwarding:MaxAttempts=1", "--RadCnn:Forwarding:ScanSeconds=0.2", "--RadCnn:Forwarding:RetryFailedAfterMinutes=0",
        ]);
        TestStudy.WriteSeries(Path.Combine(web.Paths.Inbox, "ct"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 2);
        await TestStudy.WaitForAsync(web.Store, s => s.Deliveries.GetValueOrDefault("failed") == 1);
        var job = Assert.Single(await web.Store.GetJobsAsync(JobState.Done));
        var destination = $"ORTHANC@127.0.0.1:{pacsPort}";

        using var viewer = web.Client(WebTestHost.ViewerKey);
        var failed = await DeliveriesAsync(viewer, "?state=failed");
        var delivery = Assert.Single(failed);
        Assert.Equal((job.Id, destination, "failed", "failed"), (delivery.JobId, delivery.Destination, delivery.State, delivery.StoredState));
        Assert.False(string.IsNullOrWhiteSpace(delivery.LastError));
        Assert.Null(delivery.NextRetryAt);
        Assert.Empty(await DeliveriesAsync(viewer, "?state=sent"));
        Assert.Single(await DeliveriesAsync(viewer, $"?destination={Uri.EscapeDataString(destination)}&job={job.Id}"));
        Assert.Empty(await DeliveriesAsync(viewer, "?destination=NOWHERE"));
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/deliveries?state=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/deliveries?job=abc")).StatusCode);

        // The page: the row with its reason, no patient value anywhere in it; a viewer gets no retry button and is refused.
        var page = await viewer.GetStringAsync("/deliveries?state=failed");
        Assert.Contains("<title>RadCnn: Deliveries</title>", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/jobs/{job.Id}\">{job.Id}</a>", page, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(delivery.LastError!), page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"retry-deliveries\"", page, StringComparison.Ordinal);
        foreach (var value in TestStudy.IdentifyingValues)
        {
            Assert.DoesNotContain(value, page, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/deliveries/retry", null)).StatusCode);
        using var browser = await web.LoginAsync(WebTestHost.OperatorUser);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/deliveries/retry", new FormUrlEncodedContent(new Dictionary<string, string>()))).StatusCode);
        Assert.Equal("failed", Assert.Single(await DeliveriesAsync(viewer, "")).StoredState);

        // The PACS comes up; the operator retries from the page.
        using var orthanc = OrthancProcess.StartOn(pacsPort);
        Assert.Contains("id=\"retry-deliveries\"", await browser.GetStringAsync("/deliveries"), StringComparison.Ordinal);
        var token = await WebTestHost.CsrfTokenAsync(browser, "/deliveries");
        using var retried = await browser.PostAsync("/deliveries/retry", new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = token }));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Contains("1 put back to pending", await retried.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await TestStudy.WaitForAsync(web.Store, s => s.Deliveries.GetValueOrDefault("sent") == 1);
        Assert.Single(await orthanc.SopInstanceUidsAsync());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        DeliveryView sent;
        while ((sent = Assert.Single(await DeliveriesAsync(viewer, ""))).State != "sent")
        {
            Assert.True(DateTime.UtcNow < deadline, "the view did not show the delivery sent");
            await Task.Delay(200);
        }

        Assert.Null(sent.LastError);
        Assert.True(sent.Attempts > delivery.Attempts);

        var audit = File.ReadAllLines(AuditLog.DefaultPath(web.Paths.DataDirectory)).Select(l => JsonSerializer.Deserialize<AuditEntry>(l, Web)!).ToList();
        Assert.Contains(audit, e => e.Action == "retry deliveries" && e.User == WebTestHost.OperatorUser && e.Outcome == "1 put back to pending");
        Assert.Contains(audit, e => e.Action == "retry deliveries" && e.Outcome.StartsWith("refused", StringComparison.Ordinal));
    }

    [Fact]
    public void The_view_names_a_delivery_the_forwarder_will_try_again_retrying_with_its_next_try()
    {
        var at = DateTimeOffset.Parse("2026-12-05T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var automatic = new DeliveryList(null!, new ForwardingOptions { RetryFailedAfterMinutes = 15, ScanSeconds = 5 }, TimeProvider.System);
        var manual = new DeliveryList(null!, new ForwardingOptions { RetryFailedAfterMinutes = 0 }, TimeProvider.System);
        var failed = new DeliveryRecord(7, "PACS@pacs:104", "failed", 2, "IOException: refused", at);

        Assert.Equal(("retrying", at.AddMinutes(15)), (automatic.Describe(failed).State, automatic.Describe(failed).NextRetryAt));
        Assert.Equal(("failed", (DateTimeOffset?)null), (manual.Describe(failed).State, manual.Describe(failed).NextRetryAt));
        // Put back after a failure (the reason is still there) it is being retried; a first delivery is pending.
        Assert.Equal(("retrying", at.AddSeconds(5)), (automatic.Describe(failed with { State = "pending" }).State, automatic.Describe(failed with { State = "pending" }).NextRetryAt));
        Assert.Equal("pending", manual.Describe(failed with { State = "pending", LastError = null }).State);
        Assert.Equal(("sent", (DateTimeOffset?)null), (manual.Describe(failed with { State = "sent", LastError = null }).State, manual.Describe(failed with { State = "sent" }).NextRetryAt));
    }

    private static async Task<List<DeliveryView>> DeliveriesAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/deliveries" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The list is kept for a second: a change shows on the next poll.
        return JsonSerializer.Deserialize<List<DeliveryView>>(await response.Content.ReadAsStringAsync(), Web)!;
    }
}
