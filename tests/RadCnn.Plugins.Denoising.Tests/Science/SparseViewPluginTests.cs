using System.Globalization;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Plugins.Denoising.Tests.Support;
using RadCnn.TestSupport;
using Xunit.Abstractions;

namespace RadCnn.Plugins.Denoising.Tests.Science;

/// <summary>
/// The plugin with `Model` = `denoising-unet-sparse` on a sparse-view series (`radcnn phantom low-dose-ct
/// --sparse-views 6`, a seed the training never used, the full dose per view so the streaks are as large as the noise):
/// the derived series, read back by pydicom, is much nearer the noise-free full-view truth than the input, its
/// streak error (the error's energy at high angular frequencies on a ring through the body) falls by far more, and
/// it is nearer the truth, with less streak energy left, than the default network's output of the same series
/// (2026-12-06: RMSE 63.8 → 14.1 HU, default 16.1; streak energy 678 → 41, default 87).
/// </summary>
public sealed class SparseViewPluginTests(ITestOutputHelper output)
{
    private const string SparseModel = "denoising-unet-sparse";

    [Fact]
    public async Task SparseNetworkRemovesMostOfTheStreaksOfASparseViewSeries()
    {
        using var phantoms = new TempDirectory("radcnn-sparse-series");
        Cli.Run("phantom", "low-dose-ct", "--count", "1", "--slices-per-patient", "2", "--seed", "9004", "--dose", "1", "--sparse-views", "6", "--size", "256", "--out", phantoms.Path);
        var lowFiles = Files(phantoms, "low-dose");
        var sources = lowFiles.Select(f => DicomFile.Open(f).Dataset).ToList();

        using var derived = new TempDirectory("radcnn-sparse-out");
        var outputs = new Dictionary<string, string>();
        foreach (var model in new[] { SparseModel, DenoisingPlugin.DefaultModel })
        {
            await using var engine = (IAsyncDisposable)TestEngine.Create();
            await using var plugin = new DenoisingPlugin();
            await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine, new Dictionary<string, string?> { ["Model"] = model, ["Probe"] = "false" }), CancellationToken.None);
            var result = await plugin.ProcessAsync(CtSeries.FromDatasets(sources), CancellationToken.None);
            Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
            Assert.StartsWith($"RadCnn denoised {model} ", result.DicomObjects[0].GetString(DicomTag.SeriesDescription), StringComparison.Ordinal);
            var paths = new List<string>();
            for (var i = 0; i < result.DicomObjects.Count; i++)
            {
                var path = derived.Combine($"{model}-{i}.dcm");
                new DicomFile(result.DicomObjects[i]).Save(path);
                paths.Add(path);
            }

            outputs[model] = string.Join(';', paths);
        }

        // Per series: RMSE to the truth over the body, and on a ring at 0.3 of the slice the error's energy at 16 or more
        // cycles per turn (the streaks of 64 views cross it about 128 times; the body's own edges a few times).
        var script = """
            import sys, pydicom, numpy as np
            from scipy.ndimage import map_coordinates
            def hu(p):
                d = pydicom.dcmread(p)
                return int(d.InstanceNumber), d.pixel_array.astype(float) * float(d.RescaleSlope) + float(d.RescaleIntercept)
            def series(arg): return [image for _, image in sorted(hu(p) for p in arg.split(';'))]
            truth = series(sys.argv[1])
            for arg in sys.argv[2:]:
                rmse, streaks = [], []
                for image, t in zip(series(arg), truth):
                    body = t > -900
                    rmse.append(np.sqrt(np.mean((image - t)[body] ** 2)))
                    n = t.shape[0]
                    angle = 2 * np.pi * np.arange(720) / 720
                    ring = [(n - 1) / 2 + 0.3 * n * np.sin(angle), (n - 1) / 2 + 0.3 * n * np.cos(angle)]
                    spectrum = np.abs(np.fft.rfft(map_coordinates(image - t, ring, order=1))) ** 2
                    streaks.append(spectrum[16:].sum() / 720 ** 2)
                print(f"{np.mean(rmse):.3f} {np.mean(streaks):.3f}")
            """;
        var read = Peers.RunPython(script, string.Join(';', Files(phantoms, "truth")), string.Join(';', lowFiles), outputs[SparseModel], outputs[DenoisingPlugin.DefaultModel]);
        Assert.True(read.ExitCode == 0, read.Combined);
        var figures = read.StandardOutput.Trim().Split('\n')
            .Select(line => line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        var (input, sparse, standard) = (figures[0], figures[1], figures[2]);
        output.WriteLine($"RMSE to the truth / streak energy on the ring: input {input[0]:F1} HU / {input[1]:F1}, {SparseModel} {sparse[0]:F1} / {sparse[1]:F1}, default {standard[0]:F1} / {standard[1]:F1}");
        Assert.True(sparse[0] < 0.5 * input[0], $"RMSE to the truth: input {input[0]:F1} HU, {SparseModel} {sparse[0]:F1} HU");
        Assert.True(sparse[1] < 0.1 * input[1], $"streak energy on the ring: input {input[1]:F1}, {SparseModel} {sparse[1]:F1}");
        Assert.True(sparse[0] < standard[0], $"RMSE to the truth: {SparseModel} {sparse[0]:F1} HU, the default network {standard[0]:F1} HU");
        Assert.True(sparse[1] < 0.7 * standard[1], $"streak energy on the ring: {SparseModel} {sparse[1]:F1}, the default network {standard[1]:F1}");
    }

    private static string[] Files(TempDirectory directory, string role) =>
        [.. Directory.GetFiles(Path.Combine(directory.Path, role), "*.dcm").Order(StringComparer.Ordinal)];
}
