using Microsoft.Extensions.Logging.Abstractions;
using RadCnn.Host.Outputs;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Outputs;

public sealed class ResultForwarderTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-forward");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_pacs_that_is_down_is_retried_then_recorded_as_a_failed_delivery()
    {
        using var store = new SqliteJobStore(_dir.Combine("db"), TimeProvider.System);
        var folder = _dir.Combine("outbox", "1");
        TestStudy.WriteSeries(Path.Combine(folder, "dicom"), TestStudy.NewUid(), TestStudy.NewUid(), "OT", 1);
        var options = new ForwardingOptions { Host = "127.0.0.1", Port = Peers.FreeTcpPort(), MaxAttempts = 2, RetryDelaySeconds = 0.01 };
        var forwarder = new ResultForwarder(store, options, TimeProvider.System, NullLogger<ResultForwarder>.Instance);
        using var cts = new CancellationTokenSource();
        var run = forwarder.RunAsync(cts.Token);

        await forwarder.EnqueueAsync(1, folder, [Path.GetRelativePath(folder, Directory.GetFiles(Path.Combine(folder, "dicom"))[0])]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await store.GetDeliveriesAsync("failed")).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the failed delivery was not recorded");
            await Task.Delay(50);
        }

        var failed = Assert.Single((await store.GetStatusAsync()).FailedDeliveries);
        Assert.Equal(1, failed.JobId);
        Assert.Equal(options.Destination, failed.Destination);
        Assert.False(string.IsNullOrEmpty(failed.LastError));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
