using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Routing;

/// <summary>The loop rule: RadCnn's own results sent back by a PACS are recognised and never routed to any plugin.</summary>
public sealed class OwnOutputCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-loop");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_derived_series_made_by_RadCnn_is_recognised_and_its_source_is_not()
    {
        var sources = Sources(_dir.Combine("source"), 2);
        var derived = Derive(sources, _dir.Combine("derived"));
        Assert.All(derived, p => Assert.Contains("RadCnn's own output", OwnOutputCheck.RefusalReason(p), StringComparison.Ordinal));
        Assert.All(sources.Select(s => s.Path), p => Assert.Null(OwnOutputCheck.RefusalReason(p)));
        File.WriteAllText(_dir.Combine("junk.dcm"), "not DICOM");
        Assert.Null(OwnOutputCheck.RefusalReason(_dir.Combine("junk.dcm")));
    }

    [Fact]
    public async Task A_PACS_that_echoes_every_result_back_causes_no_second_job()
    {
        var port = Peers.FreeTcpPort();
        var gateway = new TestPluginGateway();
        var builder = TestService.Create(_dir.Combine("var"), port, _dir.Combine("plugins"), "--RadCnn:Assembly:QuietPeriodSeconds=1");
        builder.Services.AddSingleton<IPluginGateway>(gateway);
        var paths = PipelinePaths.For(_dir.Combine("var"));
        var sources = Sources(_dir.Combine("source"), 3);
        var echoed = Derive(sources, _dir.Combine("echo"));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<IJobStore>();
            await TestStudy.WaitForPortAsync(port);
            var sent = TestStudy.Storescu(port, sources.Select(s => s.Path).ToList());
            Assert.True(sent.ExitCode == 0, sent.Combined);
            var back = TestStudy.Storescu(port, echoed);
            Assert.True(back.ExitCode == 0, back.Combined);

            await TestStudy.WaitForAsync(store, s => s.Jobs.GetValueOrDefault("Done") == 1 && s.WorkItems.GetValueOrDefault("Unrouted") == 1);
            var sourceSeries = sources[0].File.Dataset.GetString(DicomTag.SeriesInstanceUID);
            var echoedSeries = DicomFile.Open(echoed[0]).Dataset.GetString(DicomTag.SeriesInstanceUID);
            Assert.Equal(1, gateway.Calls[$"noop|{sourceSeries}|3"]);
            Assert.DoesNotContain(gateway.Calls.Keys, k => k.Contains(echoedSeries, StringComparison.Ordinal));
            var unrouted = Assert.Single(await store.GetWorkItemsAsync(WorkItemState.Unrouted));
            Assert.Equal(echoedSeries, unrouted.Key);
            Assert.Contains("RadCnn's own output", unrouted.UnroutedReason, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static List<(string Path, DicomFile File)> Sources(string directory, int count)
    {
        var study = TestStudy.NewUid();
        var series = TestStudy.NewUid();
        return TestStudy.WriteSeries(directory, study, series, "CT", count).Select(p => (p, DicomFile.Open(p))).ToList();
    }

    /// <summary>What a denoising plugin returns for the sources: a derived series built by RadCnn's result builder.</summary>
    private static List<string> Derive(List<(string Path, DicomFile File)> sources, string directory)
    {
        Directory.CreateDirectory(directory);
        var datasets = sources.Select(s => s.File.Dataset).ToList();
        var pixels = SourcePixels.ModalityVolume(sources.Select(s => s.File).ToList());
        var files = new DerivedSeriesBuilder(datasets, new AlgorithmIdentity("radcnn.test.denoise", "1.0.0")).Build(pixels);
        return files.Select((f, i) =>
        {
            var path = Path.Combine(directory, $"derived-{i}.dcm");
            f.Save(path);
            return path;
        }).ToList();
    }
}
