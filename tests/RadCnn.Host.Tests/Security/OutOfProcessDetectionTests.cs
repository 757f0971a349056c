using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Host.Cli;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.SeriesAssembly;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Security;

/// <summary>
/// The shipped tuberculosis plugin (plugins/Detection, built) gives the same findings, files and DICOM
/// objects out of process as in process, on phantom radiographs written by `radcnn phantom cxr`.
/// </summary>
public sealed class OutOfProcessDetectionTests
{
    private const string PluginId = "radcnn.detection.tb";

    [Fact]
    public async Task The_tuberculosis_plugin_gives_the_same_result_out_of_process_as_in_process()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "plugins", "Detection", "bin", RepositoryPaths.Configuration, "net10.0");
        Assert.True(File.Exists(Path.Combine(folder, "plugin.json")), $"build plugins/Detection first ({folder})");
        using var root = new TempDirectory("radcnn-tb-isolation");
        Assert.Equal(0, await CliApplication.RunAsync(["phantom", "cxr", "--count", "1", "--seed", "91817", "--size", "192", "--out", root.Combine("phantoms")]));
        var images = Directory.GetFiles(root.Combine("phantoms"), "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Single(images);

        using var host = ServiceHostBuilder.Create([$"--RadCnn:DataDirectory={root.Combine("var")}"], null).Build();
        var engine = host.Services.GetRequiredService<IInferenceEngine>();
        await using var inProcess = await StartAsync(root.Combine("in"), folder, engine, isolated: false);
        await using var outOfProcess = await StartAsync(root.Combine("out"), folder, engine, isolated: true);
        Assert.NotNull(outOfProcess.Loaded(PluginId)!.HostProcessId);
        Assert.Null(inProcess.Loaded(PluginId)!.HostProcessId);

        foreach (var image in images)
        {
            using var a = inProcess.Acquire(PluginId)!;
            using var b = outOfProcess.Acquire(PluginId)!;
            var expected = await a.RunAsync(Item(image), CancellationToken.None);
            var actual = await b.RunAsync(Item(image), CancellationToken.None);
            Assert.True(expected.Outcome == PluginRunOutcome.Succeeded, expected.Result.Message);
            Assert.True(actual.Outcome == PluginRunOutcome.Succeeded, actual.Result.Message);
            var e = Assert.Single(expected.Result.Findings);
            var f = Assert.Single(actual.Result.Findings);
            Assert.Equal((e.Code, e.CodingScheme, e.Meaning), (f.Code, f.CodingScheme, f.Meaning));
            Assert.Equal(e.Probability, f.Probability, 5);
            Assert.Equal(e.Robustness?.Fragile, f.Robustness?.Fragile);
            Assert.Equal(e.Robustness?.FlipsAtEpsilon, f.Robustness?.FlipsAtEpsilon);
            Assert.Equal(expected.Result.Files.Select(x => (x.Name, x.MediaType, x.Content.Length > 0)), actual.Result.Files.Select(x => (x.Name, x.MediaType, x.Content.Length > 0)));
            Assert.Equal(
                expected.Result.DicomObjects.Select(d => (d.GetStringOrDefault(DicomTag.Modality), d.GetStringOrDefault(DicomTag.SOPClassUID))),
                actual.Result.DicomObjects.Select(d => (d.GetStringOrDefault(DicomTag.Modality), d.GetStringOrDefault(DicomTag.SOPClassUID))));
        }
    }

    internal static ImageSeriesWorkItem Item(string path)
    {
        var file = DicomFile.Open(path);
        var ds = file.Dataset;
        return new ImageSeriesWorkItem
        {
            Id = "tb-" + Path.GetFileNameWithoutExtension(path),
            StudyInstanceUid = ds.GetStringOrDefault(DicomTag.StudyInstanceUID),
            SeriesInstanceUid = ds.GetStringOrDefault(DicomTag.SeriesInstanceUID),
            Modality = ds.GetStringOrDefault(DicomTag.Modality, "DX"),
            SopClassUid = ds.GetStringOrDefault(DicomTag.SOPClassUID),
            BodyPartExamined = ds.TryGetString(DicomTag.BodyPartExamined, out var part) ? part : null,
            Instances = [ds],
            Volumes = new SeriesVolumeSource([file]),
        };
    }

    internal static async Task<PluginCatalog> StartAsync(string root, string pluginFolder, IInferenceEngine engine, bool isolated)
    {
        var plugins = Path.Combine(root, "plugins");
        var options = new PluginCatalogOptions { Directory = plugins, ShadowDirectory = Path.Combine(root, "shadow"), QuietPeriod = TimeSpan.FromMilliseconds(200) };
        if (isolated)
        {
            options.Isolation[PluginId] = "process";
        }

        foreach (var file in Directory.EnumerateFiles(pluginFolder, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(plugins, "tb", Path.GetRelativePath(pluginFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        var catalog = new PluginCatalog(new PluginHostServices(options, engine, new ConfigurationBuilder().Build(), NullLoggerFactory.Instance, TimeProvider.System), plugins);
        await catalog.StartAsync(CancellationToken.None);
        return catalog;
    }
}
