using System.Text.Json;
using RadCnn.TestSupport;

namespace RadCnn.Samples.HelloPlugin.Tests;

/// <summary>
/// The sample as a third party ships it: `dotnet publish` gives a folder of only its own files, `radcnn
/// plugins` finds it ready, and `radcnn run` (the host's real plugin loader, series assembly and result
/// writing) turns radiographs sent by DCMTK storescu into results with an SR and a heat-map key image.
/// </summary>
[Collection(PhantomCollection.Name)]
public sealed class PublishedSampleTests(PhantomFolderFixture phantoms)
{
    [Fact]
    public async Task The_published_folder_holds_only_the_samples_files_and_the_service_runs_it()
    {
        using var root = new TempDirectory("radcnn-hello-publish");
        var plugins = root.Combine("plugins");
        var folder = Path.Combine(plugins, "hello");
        var publish = Peers.Run("dotnet", ["publish", Sample.Project, "-c", RepositoryPaths.Configuration, "--no-build", "-nologo", "-o", folder], TimeSpan.FromMinutes(4));
        Assert.True(publish.ExitCode == 0, publish.Combined);
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        // The contract, DICOM, the training toolkit, TorchSharp and libtorch come from the host.
        Assert.Equal(
            ["RadCnn.Samples.HelloPlugin.deps.json", "RadCnn.Samples.HelloPlugin.dll", "RadCnn.Samples.HelloPlugin.pdb", "RadCnn.Samples.HelloPlugin.runtimeconfig.json", "model/model.bin", "model/model.json", "plugin.json"],
            files);

        var check = Sample.Radcnn("plugins", "--plugins-dir", plugins);
        Assert.Contains("radcnn.samples.hello", check.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ready", check.StandardOutput, StringComparison.Ordinal);

        using var service = await RadCnnServiceProcess.StartWithPluginAsync(folder, "radcnn.samples.hello", "2.0.0", root.Combine("var"));
        service.SendWithStorescu([phantoms.First("tuberculosis"), phantoms.First("normal")]);
        await service.WaitForAsync(() => service.CommittedResults().Length >= 2);
        foreach (var result in service.CommittedResults())
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
            var text = json.RootElement.ToString();
            Assert.Contains("succeeded", text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("56717001", text, StringComparison.Ordinal);
            var objects = RadCnnServiceProcess.ResultDicomFiles(result);
            Assert.Equal(2, objects.Length);
            foreach (var dicom in objects)
            {
                Sample.AssertDciodvfyClean(dicom);
            }

            Assert.Single(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(result)!, "files"), "*.png"));
        }
    }
}
