using System.Globalization;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Phantoms.AbdomenCt;
using static TorchSharp.torch;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// Why the mass network misses 10-30 mm masses, measured on the patches the mass recipe trains on:
/// how often a patch holds a mass of each size, the mass's contrast-to-noise before and after the
/// intensity augmentation, the network's peak probability on it inside the very patch, and the share
/// of the loss gradient (on the logits) that each size of mass receives under the recipe's loss
/// (Dice + cross entropy) and under the size-weighted loss. Prints one JSON line; per-bucket lines on stderr.
/// </summary>
/// <remarks>
/// Usage: bench/segmentation/run --mass-patches [--cases 12] [--seed 77] [--weights liver-mass/model.bin].
/// The seed should be one the network was not trained on (training used 1-13).
/// </remarks>
internal static class MassPatchDiagnosis
{
    // The shell of a mass: the unlabelled voxels within two voxels of it (a 5 x 5 x 5 cube).
    private static readonly IReadOnlyList<(int Z, int Y, int X)> ShellOffsets = MassShell.Cube(2);

    private static readonly string[] Buckets = ["<10 mm", "10-30 mm", ">30 mm"];

    public static int Run(string modelDirectory, string[] args)
    {
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var count = int.Parse(Option("--cases", "12"), CultureInfo.InvariantCulture);
        var seed = int.Parse(Option("--seed", "77"), CultureInfo.InvariantCulture);
        var weights = Option("--weights", Path.Combine(modelDirectory, "liver-mass", "model.bin"));
        var stage = CascadeSettings.MassStage;
        var recipe = new LiverMassRecipe();
        var cases = PhantomCases.Generate(new AbdomenCtGenerator(), count, seed);
        using var net = UNetLoader.Load(stage, weights);
        net.eval();
        var random = new Random(seed);
        var augmentRandom = new Random(seed + 1);
        var stats = Buckets.ToDictionary(b => b, _ => new BucketStats(), StringComparer.Ordinal);
        var patches = 0;
        var patchesWithSmall = 0;
        var centredOnSmall = 0;
        var gradient = new Dictionary<string, double[]>(StringComparer.Ordinal) { ["plain"] = new double[4], ["weighted"] = new double[4] };
        foreach (var ct in cases)
        {
            // Exactly the recipe's patches (same centres, same grid), without the intensity augmentation so both forms can be measured.
            var samples = PatchSampler.Sample(ct, stage, PatchSampler.Focus.MassInLiverBox, recipe.PatchesPerCase, random, augment: false, smallMassTurns: recipe.SmallMassTurns, sizeWeighted: true);
            foreach (var sample in samples)
            {
                patches++;
                var (d, h, w) = stage.Patch;
                var truth = sample.Target!.Select(t => t >= 0.5f).ToArray();
                var (labels, sizes) = ConnectedComponents.Label(truth, d, h, w);
                var centre = labels[(((d / 2) * h) + (h / 2)) * w + (w / 2)];
                var augmented = CtIntensityAugmentation.Apply(sample.Pixels, stage.WindowWidth, augmentRandom);
                float[] probability;
                float[] logits;
                using (var scope = NewDisposeScope())
                using (no_grad())
                {
                    var output = net.forward(tensor(sample.Pixels, [1, 1, d, h, w]));
                    logits = output.flatten().data<float>().ToArray();
                    probability = output.sigmoid().flatten().data<float>().ToArray();
                }

                // The component's size as the recipe weighs it: its weight encodes the whole mass's size on the grid.
                var anySmall = false;
                for (var c = 1; c <= sizes.Count; c++)
                {
                    var first = Array.IndexOf(labels, c);
                    var bucket = BucketOf(sample.Target![first]);
                    anySmall |= bucket == Buckets[1];
                    if (c == centre && bucket == Buckets[1])
                    {
                        centredOnSmall++;
                    }

                    var s = stats[bucket];
                    s.Components++;
                    s.Voxels += sizes[c - 1];
                    s.Peaks.Add(Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Max(i => probability[i]));
                    s.Contrast.Add(ContrastToNoise(sample.Pixels, labels, c, d, h, w));
                    s.ContrastAugmented.Add(ContrastToNoise(augmented, labels, c, d, h, w));
                }

                patchesWithSmall += anySmall ? 1 : 0;
                foreach (var (name, sums) in gradient)
                {
                    var g = LogitGradient(logits, sample.Target!, name == "weighted");
                    for (var i = 0; i < g.Length; i++)
                    {
                        var slot = labels[i] == 0 ? 3 : Array.IndexOf(Buckets, BucketOf(sample.Target![i]));
                        sums[slot] += Math.Abs(g[i]);
                    }
                }
            }
        }

        var offsets = Offsets(cases, net, stage);
        foreach (var (bucket, s) in stats)
        {
            Console.Error.WriteLine(FormattableString.Invariant($"{bucket}: {s.Components} mass components in patches, {s.Voxels} voxels, median peak p {Median(s.Peaks):F2} (share with peak >= 0.5: {s.Peaks.Count(p => p >= 0.5) / (double)Math.Max(1, s.Peaks.Count):F2}), median CNR {Median(s.Contrast):F2} -> {Median(s.ContrastAugmented):F2} after augmentation"));
        }

        string Shares(double[] sums) => string.Join(", ", Buckets.Select((b, i) => FormattableString.Invariant($"\"{b}\": {sums[i] / sums.Sum():F4}")).Append(FormattableString.Invariant($"\"background\": {sums[3] / sums.Sum():F4}")));
        Console.WriteLine("{" + FormattableString.Invariant($"\"bench\": \"segmentation-mass-patches\", \"weights\": \"{Path.GetFileName(Path.GetDirectoryName(weights))}/{Path.GetFileName(weights)}\", \"seed\": {seed}, \"cases\": {count}, \"patches\": {patches}, \"patches_with_10_30mm_mass\": {patchesWithSmall}, \"patches_centred_on_10_30mm_mass\": {centredOnSmall}, ")
            + string.Join(", ", stats.Select(kv => FormattableString.Invariant($"\"{kv.Key}\": {{\"components\": {kv.Value.Components}, \"voxels\": {kv.Value.Voxels}, \"median_peak_p\": {Median(kv.Value.Peaks):F3}, \"found_share\": {kv.Value.Peaks.Count(p => p >= 0.5) / (double)Math.Max(1, kv.Value.Peaks.Count):F3}, \"median_cnr\": {Median(kv.Value.Contrast):F2}, \"median_cnr_augmented\": {Median(kv.Value.ContrastAugmented):F2}}}")))
            + ", \"peak_p_10_30mm_by_window\": {" + string.Join(", ", offsets.Select(kv => FormattableString.Invariant($"\"{kv.Key}\": {Median(kv.Value):F3}"))) + "}"
            + $", \"gradient_share_dice_bce\": {{{Shares(gradient["plain"])}}}, \"gradient_share_size_weighted\": {{{Shares(gradient["weighted"])}}}" + "}");
        return 0;
    }

    /// <summary>
    /// Each 10-30 mm mass's peak probability on the inference grid (liver box from the truth + 10 mm, as the cascade
    /// cuts it) in a window centred on it, in windows that hold it 10 voxels (25 mm) off centre, and by the whole
    /// sliding window: does the network only answer for a small mass at the patch centre, where training put it?
    /// </summary>
    private static Dictionary<string, List<float>> Offsets(IReadOnlyList<LabelledCt> cases, RadCnn.Plugins.Segmentation.Models.UNet3D net, StageSpec stage)
    {
        var peaks = new Dictionary<string, List<float>>(StringComparer.Ordinal) { ["centred"] = [], ["off_centre_25mm"] = [], ["sliding_window"] = [] };
        var window = new SlidingWindow(stage.Patch);
        var (d, h, w) = stage.Patch;
        float[] Logits(float[] patch)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return net.forward(tensor(patch, [1, 1, d, h, w])).flatten().data<float>().ToArray();
        }

        float[] Predict(float[] patch) => Logits(patch).Select(z => 1 / (1 + MathF.Exp(-z))).ToArray();

        foreach (var ct in cases)
        {
            if (LiverCascade.Box(ct.Liver, ct.Hu) is not { } box)
            {
                continue;
            }

            var (start, size) = new LiverCascade(null!, null!, new CascadeSettings(), stage).StageBox(box, ct.Hu);
            var grid = stage.Prepare(ct.Hu, start, size);
            var mask = new CtVolume(ct.Masses.Select(t => t ? 1f : 0f).ToArray(), ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width, ct.Hu.SpacingZ, ct.Hu.SpacingY, ct.Hu.SpacingX);
            var truth = Resampler.ToGrid(mask, start, stage.Spacing, (grid.Depth, grid.Height, grid.Width), 0f).Values.Select(v => v >= 0.5f).ToArray();
            var (labels, sizes) = ConnectedComponents.Label(truth, grid.Depth, grid.Height, grid.Width);
            var whole = window.PredictAsync(grid, StageSpec.PadValue, (p, _) => Task.FromResult(Logits(p)), CancellationToken.None).GetAwaiter().GetResult();
            for (var c = 1; c <= sizes.Count; c++)
            {
                if (!PatchSampler.IsSmall(sizes[c - 1] * stage.Spacing.Z * stage.Spacing.Y * stage.Spacing.X))
                {
                    continue;
                }

                var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToList();
                var plane = grid.Height * grid.Width;
                var centre = ((int)members.Average(i => i / plane), (int)members.Average(i => (i % plane) / grid.Width), (int)members.Average(i => i % grid.Width));
                float PeakIn(float[] probability, (int Z, int Y, int X) origin) => members.Select(i =>
                {
                    var (z, y, x) = ((i / plane) - origin.Z, ((i % plane) / grid.Width) - origin.Y, (i % grid.Width) - origin.X);
                    return z >= 0 && z < d && y >= 0 && y < h && x >= 0 && x < w ? probability[(((z * h) + y) * w) + x] : 0f;
                }).Max();
                var (patch, origin) = window.PatchAround(grid, centre, StageSpec.PadValue);
                peaks["centred"].Add(PeakIn(Predict(patch), origin));
                foreach (var (dy, dx) in new[] { (10, 10), (-10, -10), (10, -10), (-10, 10) })
                {
                    var (shifted, o) = window.PatchAround(grid, (centre.Item1, centre.Item2 + dy, centre.Item3 + dx), StageSpec.PadValue);
                    peaks["off_centre_25mm"].Add(PeakIn(Predict(shifted), o));
                }

                peaks["sliding_window"].Add(members.Max(i => whole[i]));
                var hu = HuContrast(grid, labels, c, stage);
                Console.Error.WriteLine(FormattableString.Invariant($"offsets {ct.Id}: {Math.Cbrt(6 * sizes[c - 1] * stage.Spacing.Z * stage.Spacing.Y * stage.Spacing.X / Math.PI):F0} mm mass, {hu.Contrast:+0;-0} HU against a 2-voxel shell (shell SD {hu.Sd:F0} HU, CNR {Math.Abs(hu.Contrast) / hu.Sd:F1}): centred {peaks["centred"][^1]:F2}, off centre {string.Join(" ", peaks["off_centre_25mm"].TakeLast(4).Select(p => p.ToString("F2", CultureInfo.InvariantCulture)))}, sliding window {peaks["sliding_window"][^1]:F2}"));
            }
        }

        return peaks;
    }

    /// <summary>Mean HU inside the component minus that of its 2-voxel shell, and the shell's SD, from the normalised grid.</summary>
    private static (double Contrast, double Sd) HuContrast(CtVolume grid, int[] labels, int label, StageSpec stage)
    {
        var (inside, values) = MassShell.Measure(grid.Values, labels, label, grid.Depth, grid.Height, grid.Width, ShellOffsets);
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
        return ((inside - mean) * stage.WindowWidth, Math.Max(sd * stage.WindowWidth, 1e-6));
    }

    /// <summary>The size class a voxel's weight encodes (<see cref="PatchSampler.SizeWeight"/>): the cap below 10 mm, 1 above 30 mm.</summary>
    private static string BucketOf(float weight) => weight >= PatchSampler.MaxWeight ? Buckets[0] : weight > 1 ? Buckets[1] : Buckets[2];

    /// <summary>|mean inside − mean of a 2-voxel shell| / standard deviation of the shell.</summary>
    private static double ContrastToNoise(float[] pixels, int[] labels, int label, int d, int h, int w)
    {
        var (inside, values) = MassShell.Measure(pixels, labels, label, d, h, w, ShellOffsets);
        if (values.Count < 2)
        {
            return double.NaN;
        }

        var (mean, sd) = MassShell.MeanAndSd(values);
        return Math.Abs(inside - mean) / Math.Max(sd, 1e-6);
    }

    /// <summary>d loss / d logit per voxel for Dice + cross entropy on one patch, the cross entropy plain or size-weighted.</summary>
    private static float[] LogitGradient(float[] logits, float[] target, bool weighted)
    {
        using var scope = NewDisposeScope();
        var z = tensor(logits, [1, 1, logits.Length]).requires_grad_();
        var t = tensor(target, [1, 1, target.Length]);
        var loss = RadCnn.Training.Optimization.Losses.Compute(
            weighted ? RadCnn.Training.Optimization.LossKind.SizeWeightedDiceBinaryCrossEntropy : RadCnn.Training.Optimization.LossKind.DiceBinaryCrossEntropy,
            z,
            weighted ? t : t.ge(RadCnn.Abstractions.Tensors.KeptScalars.Of(0.5)).to_type(ScalarType.Float32));
        loss.backward();
        return z.grad!.flatten().data<float>().ToArray();
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Where(v => !double.IsNaN(v)).Order().ElementAtOrDefault(values.Count(v => !double.IsNaN(v)) / 2);

    private static double Median(List<float> values) => Median(values.Select(v => (double)v).ToList());

    private sealed class BucketStats
    {
        public int Components { get; set; }

        public long Voxels { get; set; }

        public List<float> Peaks { get; } = [];

        public List<double> Contrast { get; } = [];

        public List<double> ContrastAugmented { get; } = [];
    }
}
