using System.Net;
using System.Text.RegularExpressions;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Web;

/// <summary>/metrics: the service's OpenTelemetry meters in Prometheus' text format, for a key or a login only, free of patient data.</summary>
public sealed partial class MetricsEndpointTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-web-metrics");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_scrape_after_storescu_sent_a_series_counts_the_received_instances_and_holds_no_identifying_value()
    {
        await using var web = await WebTestHost.StartAsync(_dir, listener: true);
        using var prometheus = web.Client(WebTestHost.ViewerKey);
        // The meters are the process's: other tests' services running alongside count into them too, so the test compares before and after.
        var before = Received(await prometheus.GetStringAsync("/metrics"));
        var files = TestStudy.WriteSeries(_dir.Combine("ct"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 3);
        var sent = TestStudy.Storescu(web.DicomPort!.Value, files);
        Assert.True(sent.ExitCode == 0, sent.Combined);
        await TestStudy.WaitForAsync(web.Store, s => s.Jobs.GetValueOrDefault("Done") == 1);

        using var anonymous = web.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);

        using var response = await prometheus.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(Received(text) - before >= 3, "radcnn_instances_received_total for the network did not count the 3 instances:\n" + text);
        Assert.Contains("radcnn_job_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE radcnn_queue_depth gauge", text, StringComparison.Ordinal);
        foreach (var value in TestStudy.IdentifyingValues)
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }

    private static double Received(string scrape)
    {
        // Summed over the outcome label (added, duplicate, replaced, quarantined).
        return ReceivedFromNetwork().Matches(scrape).Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("radcnn_instances_received_total\\{[^}]*source=\"network\"[^}]*\\} ([0-9.e+]+)")]
    private static partial Regex ReceivedFromNetwork();
}
