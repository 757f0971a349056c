using System.Globalization;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// Does a finer mass-stage grid restore a small mass's contrast? Each true mass of the phantoms is measured on the
/// source grid and on the mass stage's grid (the liver box from the truth + 10 mm, as the cascade cuts it) at each
/// spacing asked for: contrast-to-noise |mean inside − mean of a 5 mm shell| / SD of the shell, and the contrast in HU.
/// The mass's voxels on a grid are those whose nearest source voxel belongs to it, so every spacing measures the same
/// mass. No network runs. Prints one JSON line; per-mass lines on stderr.
/// </summary>
/// <remarks>Usage: bench/segmentation/run --mass-contrast [--cases 8] [--seed 501] [--size 128] [--slices 48] [--spacings 2.5,2,1.5].</remarks>
internal static class MassContrast
{
    private const double ShellMm = 5;

    public static int Run(string[] args)
    {
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var count = int.Parse(Option("--cases", "8"), CultureInfo.InvariantCulture);
        var seed = int.Parse(Option("--seed", "501"), CultureInfo.InvariantCulture);
        var size = int.Parse(Option("--size", "128"), CultureInfo.InvariantCulture);
        var slices = int.Parse(Option("--slices", "48"), CultureInfo.InvariantCulture);
        var spacings = Option("--spacings", "2.5,2,1.5").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var cases = PhantomCases.Generate(new AbdomenCtGenerator(AbdomenCtStyle.PortalVenous, size, slices), count, seed);
        var columns = new List<string> { "source" };
        columns.AddRange(spacings.Select(s => s.ToString("0.0#", CultureInfo.InvariantCulture) + " mm"));
        var byBucket = new Dictionary<string, Dictionary<string, List<double>>>(StringComparer.Ordinal);
        foreach (var ct in cases)
        {
            if (LiverCascade.Box(ct.Liver, ct.Hu) is not { } box)
            {
                continue;
            }

            var (labels, _) = ConnectedComponents.Label(ct.Masses, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
            var grids = new List<(string Name, CtVolume Hu, int[] Labels)> { ("source", ct.Hu, labels) };
            foreach (var spacing in spacings)
            {
                var stage = CascadeSettings.MassStage with { Spacing = (spacing, spacing, spacing) };
                var (start, gridSize) = new LiverCascade(null!, null!, new CascadeSettings(), stage).StageBox(box, ct.Hu);
                var hu = Resampler.ToGrid(ct.Hu, start, stage.Spacing, gridSize, -1000f);
                grids.Add((spacing.ToString("0.0#", CultureInfo.InvariantCulture) + " mm", hu, NearestLabels(labels, ct.Hu, start, hu)));
            }

            foreach (var mass in MaskMeasures.Lesions(ct.Masses, ct.Hu))
            {
                var diameter = Math.Cbrt(6 * mass.VolumeMl * 1000 / Math.PI);
                var bucket = diameter < 10 ? "<10 mm" : diameter <= 20 ? "10-20 mm" : diameter <= 30 ? "20-30 mm" : ">30 mm";
                var line = new List<string>();
                foreach (var (name, hu, gridLabels) in grids)
                {
                    var (contrast, sd) = Contrast(hu, gridLabels, mass.Label);
                    if (double.IsNaN(contrast))
                    {
                        continue;
                    }

                    var cnr = Math.Abs(contrast) / sd;
                    byBucket.TryAdd(bucket, columns.ToDictionary(c => c, _ => new List<double>(), StringComparer.Ordinal));
                    byBucket[bucket][name].Add(cnr);
                    line.Add(FormattableString.Invariant($"{name} {contrast:+0;-0} HU / SD {sd:F0} = CNR {cnr:F2}"));
                }

                Console.Error.WriteLine(FormattableString.Invariant($"contrast {ct.Id}: {diameter:F0} mm sphere ({mass.VolumeMl:F2} mL, axial {mass.LongestAxialDiameterMm:F0} mm): {string.Join("; ", line)}"));
            }
        }

        var buckets = byBucket.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => FormattableString.Invariant($"\"{kv.Key}\": {{\"masses\": {kv.Value["source"].Count}, ") + string.Join(", ", kv.Value.Select(c => FormattableString.Invariant($"\"median_cnr_{c.Key.Replace(" mm", "mm", StringComparison.Ordinal)}\": {Median(c.Value):F2}"))) + "}");
        Console.WriteLine("{" + FormattableString.Invariant($"\"bench\": \"segmentation-mass-contrast\", \"seed\": {seed}, \"cases\": {count}, \"size\": {size}, \"slices\": {slices}, ") + string.Join(", ", buckets) + "}");
        return 0;
    }

    /// <summary>Each grid voxel's mass label: that of its nearest source voxel (0 outside the source).</summary>
    internal static int[] NearestLabels(int[] labels, CtVolume source, (double Z, double Y, double X) start, CtVolume grid)
    {
        var result = new int[grid.Count];
        for (var z = 0; z < grid.Depth; z++)
        {
            var sz = (int)Math.Round((start.Z + (z * grid.SpacingZ)) / source.SpacingZ);
            for (var y = 0; y < grid.Height; y++)
            {
                var sy = (int)Math.Round((start.Y + (y * grid.SpacingY)) / source.SpacingY);
                for (var x = 0; x < grid.Width; x++)
                {
                    var sx = (int)Math.Round((start.X + (x * grid.SpacingX)) / source.SpacingX);
                    if (sz < source.Depth && sy < source.Height && sx < source.Width)
                    {
                        result[(((z * grid.Height) + y) * grid.Width) + x] = labels[(((sz * source.Height) + sy) * source.Width) + sx];
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Mean HU inside the mass minus that of the non-mass voxels within 5 mm of it, and their SD (NaN when either is empty).</summary>
    private static (double Contrast, double Sd) Contrast(CtVolume hu, int[] labels, int label)
    {
        var (inside, shell) = MassShell.Measure(hu.Values, labels, label, hu.Depth, hu.Height, hu.Width, MassShell.Ball(ShellMm, hu.SpacingZ, hu.SpacingY, hu.SpacingX));
        if (double.IsNaN(inside) || shell.Count < 2)
        {
            return (double.NaN, double.NaN);
        }

        var (mean, sd) = MassShell.MeanAndSd(shell);
        return (inside - mean, Math.Max(sd, 1e-6));
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
}
