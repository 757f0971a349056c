using RadCnn.TestSupport;
using RadCnn.Training.Phantoms;
using RadCnn.Training.Phantoms.AbdomenCt;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Training.Tests.Phantoms;

/// <summary>
/// The pelvic MR phantom: reproducible, varied where MRI varies (orientation, slice spacing, gain,
/// tumour or not), zonal anatomy in the drawn uterus, robustness variations that change only the
/// intensities, and files that pydicom and dciodvfy accept.
/// </summary>
public class PelvisMrGeneratorTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly PelvisMrGenerator Small = new(size: 64, slices: 12);

    [Fact]
    public void The_same_seed_and_index_give_the_same_case_and_another_index_another()
    {
        var a = Small.Generate(5, 1);
        var b = Small.Generate(5, 1);
        var c = Small.Generate(5, 2);
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Pixels, c.Pixels);
    }

    [Fact]
    public void Orientation_spacing_gain_and_tumours_vary_from_case_to_case()
    {
        var cases = Enumerable.Range(0, 10).Select(i => Small.Generate(77, i)).ToList();
        Assert.Contains(cases, c => c.Grid.IsSagittal);
        Assert.Contains(cases, c => !c.Grid.IsSagittal);
        Assert.All(cases, c => Assert.InRange(c.Grid.SliceSpacing, 3, 6));
        Assert.Contains(cases, c => c.Tumour is not null);
        Assert.Contains(cases, c => c.Tumour is null);
        Assert.All(cases.Where(c => c.Tumour is null), c => Assert.DoesNotContain((byte)2, c.Labels));
        Assert.All(cases.Where(c => c.Tumour is not null), c => Assert.InRange(c.InvasionDepth!.Value, 0, 1));
        Assert.All(cases, c => Assert.InRange(c.UterusVolumeMl, 10, 600));
        var scales = cases.Select(c => Percentile(c.Pixels, 0.99)).ToList();
        Assert.True(scales.Max() > 1.5 * scales.Min(), $"99th percentiles {string.Join(", ", scales)} barely vary");
    }

    [Fact]
    public void The_uterus_has_a_bright_endometrium_a_dark_junctional_zone_and_intermediate_myometrium()
    {
        // A case without a tumour, whose lining is all endometrium.
        var anatomy = Enumerable.Range(0, 20).Select(i => new PelvisAnatomyBuilder(PelvisMrStyle.T2, new SeededRandom(3, i, 8101)).Build()).First(a => a.Tumour is null);
        var uterus = anatomy.Uterus;
        double SignalAt(double rho)
        {
            // Search the body of the uterus for a point at the wanted normalised radius.
            var values = new List<double>();
            var (min, max) = uterus.Bounds;
            for (var x = min.X; x <= max.X; x += 1.5)
            {
                for (var y = min.Y; y <= max.Y; y += 1.5)
                {
                    for (var z = min.Z; z <= max.Z; z += 1.5)
                    {
                        var p = new Point3(x, y, z);
                        var (t, r, _) = uterus.Locate(p);
                        var sample = anatomy.Sample(p);
                        if (t > uterus.IsthmusT + 0.1 && t < 0.85 && Math.Abs(r - rho) < 0.03 && sample.Label == 1)
                        {
                            values.Add(sample.Signal);
                        }
                    }
                }
            }

            Assert.NotEmpty(values);
            return values.Average();
        }

        var endometrium = SignalAt(anatomy.Endometrium / 2);
        var junctional = SignalAt(anatomy.Endometrium + (anatomy.JunctionalZone / 2));
        var myometrium = SignalAt(0.9);
        Assert.True(endometrium > myometrium && myometrium > junctional, $"endometrium {endometrium:F2}, junctional zone {junctional:F2}, myometrium {myometrium:F2}");
    }

    [Fact]
    public void Gain_and_bias_variations_change_the_intensities_but_not_the_anatomy()
    {
        var plain = Small.Generate(11, 0);
        var doubled = Small.Generate(11, 0, new PelvisMrVariation(IntensityFactor: 2));
        var biased = Small.Generate(11, 0, new PelvisMrVariation(BiasFactor: 2));
        Assert.Equal(plain.Labels, doubled.Labels);
        Assert.Equal(plain.Labels, biased.Labels);
        var ratio = doubled.Pixels.Sum(p => (double)p) / plain.Pixels.Sum(p => (double)p);
        Assert.InRange(ratio, 1.98, 2.02);
        Assert.NotEqual(plain.Pixels, biased.Pixels);
    }

    [Fact]
    public void Written_series_are_mr_images_that_pydicom_reads_and_dciodvfy_accepts()
    {
        using var dir = new TempDirectory();
        var cases = PelvisMrSetWriter.Write(Small, 1, 21, dir.Path, new FixedTime());
        var folder = Path.Combine(dir.Path, cases[0].Id);
        var first = Directory.GetFiles(Path.Combine(folder, "mr"), "*.dcm").Order(StringComparer.Ordinal).First();
        var result = Peers.RunPython(
            """
            import sys, glob, pydicom, numpy as np
            files = [pydicom.dcmread(p) for p in sorted(glob.glob(sys.argv[1] + '/mr/*.dcm'))]
            d = files[0]
            volume = np.stack([f.pixel_array for f in files])
            print(d.Modality, d.SOPClassUID, d.BodyPartExamined, d.Rows, len(files), int(volume.astype(np.int64).sum()))
            """,
            folder);
        Assert.True(result.ExitCode == 0, result.Combined);
        var expected = $"MR 1.2.840.10008.5.1.4.1.1.4 PELVIS 64 12 {cases[0].Pixels.Sum(p => (long)p)}";
        Assert.Equal(expected, result.StandardOutput.Trim());

        var dciodvfy = Peers.Require("dciodvfy", "dicom3tools");
        foreach (var path in new[] { first, Path.Combine(folder, "seg.dcm") })
        {
            var check = Peers.Run(dciodvfy, [path]);
            Assert.DoesNotContain(check.Combined.Split('\n'), l => l.StartsWith("Error", StringComparison.Ordinal));
        }
    }

    private static double Percentile(float[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)(q * (sorted.Length - 1))];
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Created;
    }
}
