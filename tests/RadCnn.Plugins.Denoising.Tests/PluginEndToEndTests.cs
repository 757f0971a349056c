using System.Globalization;
using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Plugins.Denoising.Tests.Support;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Denoising.Tests;

/// <summary>
/// The plugin on a low-dose phantom series through ProcessAsync: a derived CT series in the same study
/// that dciodvfy accepts and pydicom reads back as HU closer to the truth than the input, result.json
/// with the measured noise reduction and the probe, and the derived series refused when sent back.
/// </summary>
[Collection(PhantomSeriesCollection.Name)]
public sealed class PluginEndToEndTests(PhantomSeriesFixture phantoms)
{
    [Fact]
    public async Task LowDoseSeriesBecomesAnHonestDerivedSeriesThatIsNeverProcessedAgain()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new DenoisingPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var lowFiles = phantoms.Files("low-dose");
        var sources = lowFiles.Select(f => DicomFile.Open(f).Dataset).ToList();
        var result = await plugin.ProcessAsync(CtSeries.FromDatasets(sources), CancellationToken.None);
        Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
        Assert.Equal(sources.Count, result.DicomObjects.Count);

        using var output = new TempDirectory("radcnn-denoising-out");
        var seriesUids = new HashSet<string>();
        for (var i = 0; i < result.DicomObjects.Count; i++)
        {
            var derived = result.DicomObjects[i];
            var source = sources.Single(s => s.GetString(DicomTag.SOPInstanceUID) == derived.GetSequence(DicomTag.SourceImageSequence).Items[0].GetString(DicomTag.ReferencedSOPInstanceUID));
            seriesUids.Add(derived.GetString(DicomTag.SeriesInstanceUID));
            Assert.NotEqual(source.GetString(DicomTag.SeriesInstanceUID), derived.GetString(DicomTag.SeriesInstanceUID));
            Assert.NotEqual(source.GetString(DicomTag.SOPInstanceUID), derived.GetString(DicomTag.SOPInstanceUID));
            foreach (var tag in new[] { DicomTag.StudyInstanceUID, DicomTag.FrameOfReferenceUID, DicomTag.SOPClassUID, DicomTag.ImagePositionPatient, DicomTag.ImageOrientationPatient, DicomTag.PixelSpacing, DicomTag.RescaleSlope, DicomTag.RescaleIntercept, DicomTag.InstanceNumber })
            {
                Assert.Equal(source.GetStringOrDefault(tag), derived.GetStringOrDefault(tag));
            }

            Assert.Equal(["DERIVED", "SECONDARY", "AXIAL"], derived.GetValues<string>(DicomTag.ImageType));
            Assert.Contains(DenoisingPlugin.DefaultModel, derived.GetString(DicomTag.DerivationDescription), StringComparison.Ordinal);
            Assert.StartsWith($"RadCnn denoised {DenoisingPlugin.DefaultModel} 1.6.0", derived.GetString(DicomTag.SeriesDescription), StringComparison.Ordinal);
            var path = output.Combine($"derived-{i}.dcm");
            new DicomFile(derived).Save(path);
            Dciodvfy.AssertClean(path);
        }

        Assert.Single(seriesUids);

        // pydicom reads the derived slices back; in HU they are nearer the noise-free truth than the input is.
        var script = """
            import sys, pydicom, numpy as np
            out, low, truth = (sorted(a.split(';')) for a in sys.argv[1:4])
            def hu(p):
                d = pydicom.dcmread(p)
                return d.pixel_array.astype(float) * float(d.RescaleSlope) + float(d.RescaleIntercept)
            def key(p): return int(pydicom.dcmread(p).InstanceNumber)
            out = sorted(out, key=key); low = sorted(low, key=key); truth = sorted(truth, key=key)
            e_in = np.mean([np.sqrt(np.mean((hu(a) - hu(t)) ** 2)) for a, t in zip(low, truth)])
            e_out = np.mean([np.sqrt(np.mean((hu(a) - hu(t)) ** 2)) for a, t in zip(out, truth)])
            print(f"{e_in:.3f} {e_out:.3f}")
            """;
        var outputs = Directory.GetFiles(output.Path, "derived-*.dcm");
        var read = Peers.RunPython(script, string.Join(';', outputs), string.Join(';', lowFiles), string.Join(';', phantoms.Files("truth")));
        Assert.True(read.ExitCode == 0, read.Combined);
        var errors = read.StandardOutput.Trim().Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.True(errors[1] < errors[0] * 0.6, $"RMSE to the truth: input {errors[0]:F1} HU, derived {errors[1]:F1} HU");

        using var json = JsonDocument.Parse(Assert.Single(result.Files, f => f.Name == "result.json").Content.ToArray());
        var noise = json.RootElement.GetProperty("noise");
        // At 1/10 dose the noise in the uniform windows falls about tenfold (4-24x over 36 validation series of three
        // generators and four doses, bench/denoising/run domain) and their mean moves by at most 2.5 HU there.
        Assert.True(noise.GetProperty("reduction").GetDouble() > 4, json.RootElement.ToString());
        Assert.InRange(noise.GetProperty("meanShiftHu").GetDouble(), -5, 5);
        Assert.True(noise.GetProperty("windows").GetProperty("count").GetInt32() >= 10, json.RootElement.ToString());
        Assert.InRange(json.RootElement.GetProperty("robustness").GetProperty("relativeChange").GetDouble(), 0, 1);
        Assert.Contains(result.Measurements, m => m.Name == "noise reduction factor" && m.Value > 4);

        // A PACS that echoes the derived series back: refused, by manufacturer, before any network runs.
        var echoed = Directory.GetFiles(output.Path, "derived-*.dcm").Select(f => DicomFile.Open(f).Dataset).ToList();
        var again = await plugin.ProcessAsync(CtSeries.FromDatasets(echoed), CancellationToken.None);
        Assert.Equal(PluginResultStatus.NotApplicable, again.Status);
        Assert.Contains("RadCnn result", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PhantomCommandWritesCtSeriesThatPassDciodvfy()
    {
        foreach (var role in new[] { "low-dose", "standard-dose", "truth" })
        {
            var files = phantoms.Files(role);
            Assert.Equal(PhantomSeriesFixture.Count, files.Count);
            Dciodvfy.AssertClean(files[0]);
        }

        var labels = File.ReadAllLines(Path.Combine(phantoms.Folder, "labels.csv"));
        Assert.Equal("sop_instance_uid,file,standard_file,truth_file,dose_fraction,patient", labels[0]);
        Assert.Equal(PhantomSeriesFixture.Count + 1, labels.Length);
    }
}
