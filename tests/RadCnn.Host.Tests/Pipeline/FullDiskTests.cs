using Microsoft.Extensions.DependencyInjection;
using RadCnn.Dicom.Network.Sender;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>
/// A full disk for real: the service's data directory on a small tmpfs, filled up to the configured
/// reserve while a modality sends. Instances past the reserve get Out of Resources, every
/// acknowledged one is in the store, dropped files wait in the inbox (neither lost nor rejected),
/// and once there is room again the re-sent and waiting instances flow through and every series is
/// processed on its whole content.
/// </summary>
public sealed class FullDiskTests
{
    private const ushort OutOfResources = 0xA700;

    [Fact]
    public async Task Instances_past_the_reserve_are_refused_nothing_acknowledged_is_lost_and_work_resumes_when_room_returns()
    {
        using var disk = new SmallTmpfs(32);
        using var source = new TempDirectory("radcnn-full-src");
        var data = Path.Combine(disk.Path, "var");
        var port = Peers.FreeTcpPort();
        var gateway = new TestPluginGateway();
        var builder = TestService.Create(data, port, source.Combine("plugins"),
            "--RadCnn:Inbox:StableSeconds=0.2",
            "--RadCnn:Runner:PostponeSeconds=0.2",
            "--RadCnn:Storage:ReserveMegabytes=4");
        builder.Services.AddSingleton<IPluginGateway>(gateway);
        var study = TestStudy.NewUid();
        var sentSeries = TestStudy.NewUid();
        var droppedSeries = TestStudy.NewUid();
        // 128 kB each: 40 of them (5 MB) cannot fit in the 2 MB left above the reserve.
        var sent = TestStudy.WriteSeries(source.Combine("sent"), study, sentSeries, "CT", 40, size: 256);
        var dropped = TestStudy.WriteSeries(source.Combine("dropped"), study, droppedSeries, "CT", 5, size: 256);
        var paths = PipelinePaths.For(data);

        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<IJobStore>();
            await TestStudy.WaitForPortAsync(port);
            var filler = disk.Fill(bytesLeft: 6L * 1024 * 1024);
            var sender = new DicomSender(new DicomSenderOptions { Host = "127.0.0.1", Port = port, CalledAeTitle = "RADCNN", CallingAeTitle = "MODALITY1" });

            var first = await sender.StoreAsync(sent);
            var acknowledged = first.Where(r => r.Succeeded).Select(r => r.SopInstanceUid!).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(acknowledged);
            Assert.All(first.Where(r => !r.Succeeded), r => Assert.Equal(OutOfResources, r.Status));
            Assert.Contains(first, r => r.Status == OutOfResources);

            // Everything acknowledged is stored, with its bytes in the spool; nothing refused is.
            var stored = await store.GetInstancesAsync(sentSeries);
            Assert.Equal(acknowledged, stored.Select(i => i.SopInstanceUid).ToHashSet(StringComparer.Ordinal));
            Assert.All(stored, i => Assert.True(File.Exists(i.SpoolPath), i.SpoolPath));

            // Files dropped while the disk is full wait in the inbox: not rejected, not lost.
            var inbox = Path.Combine(paths.Inbox, "later");
            Directory.CreateDirectory(inbox);
            foreach (var file in dropped)
            {
                File.Copy(file, Path.Combine(inbox, Path.GetFileName(file)));
            }

            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Equal(dropped.Count, Directory.GetFiles(inbox).Length);
            Assert.False(Directory.Exists(Path.Combine(paths.Inbox, "rejected")) && Directory.EnumerateFileSystemEntries(Path.Combine(paths.Inbox, "rejected")).Any());

            // Room again: the modality sends the series again, the inbox drains, everything is processed.
            File.Delete(filler);
            var second = await sender.StoreAsync(sent);
            Assert.All(second, r => Assert.True(r.Succeeded, $"{r.File}: {r.Status:X4} {r.Error}"));
            await TestStudy.WaitForAsync(store, s => s.Instances == sent.Count + dropped.Count
                && gateway.Calls.ContainsKey($"noop|{sentSeries}|{sent.Count}")
                && gateway.Calls.ContainsKey($"noop|{droppedSeries}|{dropped.Count}")
                && s.Jobs.GetValueOrDefault("Queued") == 0 && s.Jobs.GetValueOrDefault("Running") == 0);
            Assert.False(Directory.Exists(inbox), "the drained inbox folder is removed");
            Assert.Empty(await store.GetJobsAsync(JobState.Dead));
            Assert.Equal(1, gateway.Calls[$"noop|{sentSeries}|{sent.Count}"]);
            Assert.Equal(1, gateway.Calls[$"noop|{droppedSeries}|{dropped.Count}"]);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
