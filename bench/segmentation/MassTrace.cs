using System.Globalization;
using System.Text.Json;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Phantoms.AbdomenCt;
using static TorchSharp.torch;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// `--mass-trace`: follows every true mass of a training seed from the phantom's label into the exact patches the mass
/// recipe trains on (<see cref="PatchSampler.SampleCase"/>, the recipe's random stream, cases in the recipe's order): its
/// voxels on the source grid, on the stage grid (nearest source label) and in the 0/1 training target after trilinear
/// resampling and the 0.5 threshold (and the largest interpolated label value, to see whether the threshold erased it);
/// how many of its case's patches hold it and are centred on it (the patches are cut once and reused every epoch); its
/// share of each patch's foreground (the per-sample Dice term) and its weight under the size-weighted loss; its contrast
/// in the patch as fed (after the intensity augmentation) against a 2-voxel shell; and the network's peak probability on
/// it in those very patches (evaluation mode, and with batch statistics as in training) and by the cascade's sliding
/// window on the true liver box. With the trainer's split (`--split-of 60`) each mass is labelled train / validation / test.
/// </summary>
/// <remarks>
/// Usage: bench/segmentation/run --mass-trace [--cases 24] [--seed 4] [--split-of 60] [--turns 1] [--mass-weights W].
/// `--turns 1` is the shipped weights' recipe (before 10-30 mm masses took two turns); the recipe now uses 2.
/// One JSON object on stdout; one line per mass on stderr.
/// </remarks>
internal static class MassTrace
{
    private static readonly IReadOnlyList<(int Z, int Y, int X)> ShellOffsets = MassShell.Cube(2);

    private static readonly (string Name, double From, double To)[] Bands = [("<10 mm", 0, 10), ("10-20 mm", 10, 20), ("20-30 mm", 20, 30), (">=30 mm", 30, double.MaxValue)];

    public static int Run(string modelDirectory, string[] args)
    {
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var count = int.Parse(Option("--cases", "24"), CultureInfo.InvariantCulture);
        var seed = int.Parse(Option("--seed", "4"), CultureInfo.InvariantCulture);
        var turns = int.Parse(Option("--turns", "1"), CultureInfo.InvariantCulture);
        var weights = Option("--mass-weights", Path.Combine(modelDirectory, "liver-mass", "model.bin"));
        var recipe = new LiverMassRecipe();
        var stage = recipe.Stage;
        var settings = CascadeSettings.Load(Path.Combine(modelDirectory, CascadeSettings.FileName));
        var generator = new AbdomenCtGenerator();
        var sets = TrainingSets.Of(
            Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{generator.Name}-s{seed}-c{i:D4}")).ToList(),
            Option("--split-of", string.Empty),
            seed,
            generator.Name,
            LiverMassFitRecipe.FitSplit);
        using var net = UNetLoader.Load(stage, weights);
        net.eval();
        using var trainModeNet = UNetLoader.Load(stage, weights);
        trainModeNet.train();
        var cascade = new LiverCascade(null!, new ModulePatchModel(net, stage.Patch), settings, stage);
        var (d, h, w) = stage.Patch;
        var patchVoxels = d * h * w;

        // The recipe's stream: one Random(seed) over the cases in order, so the first N cases get exactly their training patches.
#pragma warning disable CA5394
        var random = new Random(seed);
#pragma warning restore CA5394
        var rows = new List<Row>();
        for (var index = 0; index < count; index++)
        {
            var ct = PhantomCases.FromCase(generator.Generate(seed, index));
            var set = sets.TryGetValue(ct.Id, out var s) ? s : "unseen";
            var cut = PatchSampler.SampleCase(ct, stage, PatchSampler.Focus.MassInLiverBox, recipe.PatchesPerCase, random, recipe.AugmentIntensity, turns, sizeWeighted: false, offCentre: false, recipe.AugmentNoise);
            if (cut is null)
            {
                continue;
            }

            var grid = cut.Grid;
            var (sourceLabels, _) = ConnectedComponents.Label(ct.Masses, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
            var nearest = MassContrast.NearestLabels(sourceLabels, ct.Hu, cut.Start, grid);
            var soft = Resampler.ToGrid(
                new CtVolume(ct.Masses.Select(t => t ? 1f : 0f).ToArray(), ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width, ct.Hu.SpacingZ, ct.Hu.SpacingY, ct.Hu.SpacingX),
                cut.Start,
                stage.Spacing,
                (grid.Depth, grid.Height, grid.Width),
                0f).Values;
            var (targetLabels, targetSizes) = ConnectedComponents.Label(cut.Target.Select(v => v > 0).ToArray(), grid.Depth, grid.Height, grid.Width);

            // Per patch: the logits in evaluation mode and with batch statistics (the four patches of a batch as in training).
            var evalProbability = new List<float[]>();
            var trainProbability = new List<float[]>();
            for (var k = 0; k < cut.Samples.Count; k++)
            {
                evalProbability.Add(Probabilities(net, cut.Samples[k].Pixels, d, h, w));
            }

            for (var k = 0; k < cut.Samples.Count; k += 4)
            {
                var batch = cut.Samples.Skip(k).Take(4).ToList();
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var input = tensor(batch.SelectMany(b => b.Pixels).ToArray(), [batch.Count, 1, d, h, w]);
                var p = trainModeNet.call(input).sigmoid().flatten().data<float>().ToArray();
                for (var b = 0; b < batch.Count; b++)
                {
                    trainProbability.Add(p[(b * patchVoxels)..((b + 1) * patchVoxels)]);
                }
            }

            var whole = cascade.MassInBoxAsync(ct.Hu, LiverCascade.Box(ct.Liver, ct.Hu)!.Value, CancellationToken.None).GetAwaiter().GetResult().Probability;
            foreach (var mass in MaskMeasures.Lesions(ct.Masses, ct.Hu))
            {
                var onGrid = 0;
                var softPeak = 0f;
                var components = new HashSet<int>();
                for (var i = 0; i < nearest.Length; i++)
                {
                    if (nearest[i] != mass.Label)
                    {
                        continue;
                    }

                    onGrid++;
                    softPeak = Math.Max(softPeak, soft[i]);
                    if (targetLabels[i] > 0)
                    {
                        components.Add(targetLabels[i]);
                    }
                }

                var targetVoxels = components.Sum(c => targetSizes[c - 1]);
                var inPatch = new List<PatchView>();
                for (var k = 0; k < cut.Samples.Count; k++)
                {
                    var view = View(cut, k, components, targetLabels, evalProbability[k], trainProbability[k], d, h, w, stage);
                    if (view.Voxels > 0)
                    {
                        inPatch.Add(view);
                    }
                }

                var wholePeak = 0f;
                for (var i = 0; i < sourceLabels.Length; i++)
                {
                    if (sourceLabels[i] == mass.Label)
                    {
                        wholePeak = Math.Max(wholePeak, whole[i]);
                    }
                }

                var (shift, shiftedContrast, plainContrast) = components.Count > 0 ? BestShift(grid, targetLabels, components, stage) : ((0, 0, 0), double.NaN, double.NaN);
                var row = new Row(ct.Id, set, mass.LongestAxialDiameterMm, Math.Cbrt(6 * mass.VolumeMl * 1000 / Math.PI), mass.Voxels, onGrid, softPeak, targetVoxels, components.Count, inPatch, wholePeak,
                    targetVoxels > 0 ? PatchSampler.SizeWeight(targetVoxels, stage) : 0);
                rows.Add(row);
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"trace {ct.Id} ({set}): {row.AxialMm:F0} mm axial ({row.SphereMm:F0} mm sphere), source {row.SourceVoxels} vox, grid {row.GridVoxels} vox (label max {row.SoftPeak:F2}), target {row.TargetVoxels} vox in {row.TargetComponents} comp; in {inPatch.Count} of {cut.Samples.Count} patches ({inPatch.Count(v => v.Centred)} centred on it)")
                    + string.Concat(inPatch.Select(v => FormattableString.Invariant($" | p{v.Index}: {v.Voxels} vox {v.OffsetMm:F0} mm off centre, {v.ForegroundShare:P0} of fg, {v.ContrastHu:+0;-0} HU/SD {v.ShellSdHu:F0}{(v.Augmented ? " aug" : string.Empty)}, peak {v.EvalPeak:F3} (train-BN {v.TrainPeak:F3})")))
                    + FormattableString.Invariant($" | whole {wholePeak:F3}; size weight {row.SizeWeight:F1}; label-image shift {shift} gives {shiftedContrast:+0;-0} HU against {plainContrast:+0;-0} HU unshifted"));
            }
        }

        double? Round(double value, int digits) => double.IsNaN(value) ? null : Math.Round(value, digits);

        double Median(IEnumerable<double> values)
        {
            var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        var summary = rows.Select(r => r.Set).Distinct().Order(StringComparer.Ordinal).ToDictionary(set => set, set => Bands.ToDictionary(b => b.Name, b =>
        {
            var band = rows.Where(r => r.Set == set && r.AxialMm >= b.From && r.AxialMm < b.To).ToList();
            var views = band.SelectMany(r => r.Patches).ToList();
            return new
            {
                masses = band.Count,
                median_source_voxels = Round(Median(band.Select(r => (double)r.SourceVoxels)), 0),
                median_target_voxels = Round(Median(band.Select(r => (double)r.TargetVoxels)), 0),
                erased_by_threshold = band.Count(r => r.TargetVoxels == 0),
                median_target_over_grid = Round(Median(band.Where(r => r.GridVoxels > 0).Select(r => r.TargetVoxels / (double)r.GridVoxels)), 2),
                in_no_patch = band.Count(r => r.Patches.Count == 0),
                patches_holding = band.Sum(r => r.Patches.Count),
                patches_centred = band.Sum(r => r.Patches.Count(v => v.Centred)),
                median_foreground_share = Round(Median(views.Select(v => v.ForegroundShare)), 3),
                median_contrast_hu = Round(Median(views.Select(v => Math.Abs(v.ContrastHu))), 1),
                median_cnr_in_patch = Round(Median(views.Select(v => Math.Abs(v.ContrastHu) / v.ShellSdHu)), 2),
                median_peak_in_training_patch = Round(Median(views.Select(v => (double)v.EvalPeak)), 3),
                median_peak_train_mode_bn = Round(Median(views.Select(v => (double)v.TrainPeak)), 3),
                median_peak_sliding_window = Round(Median(band.Select(r => (double)r.WholePeak)), 3),
                median_size_weight = Round(Median(band.Where(r => r.SizeWeight > 0).Select(r => (double)r.SizeWeight)), 1),
            };
        }));
        // Where in the patch: a whole mass of 20 mm or more, by how far its centroid lies from the patch centre.
        var whole20 = rows.Where(r => r.Set == "train" && r.AxialMm >= 20).SelectMany(r => r.Patches.Where(v => v.Voxels == r.TargetVoxels)).ToList();
        var byOffset = new[] { ("<10 mm", 0.0, 10.0), ("10-25 mm", 10, 25), (">=25 mm", 25, double.MaxValue) }.ToDictionary(b => b.Item1, b =>
        {
            var views = whole20.Where(v => v.OffsetMm >= b.Item2 && v.OffsetMm < b.Item3).ToList();
            return new { patches = views.Count, median_peak = Round(Median(views.Select(v => (double)v.EvalPeak)), 3), drawn_at_0_5 = views.Count(v => v.EvalPeak >= 0.5) };
        });
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            bench = "segmentation mass-trace",
            training_masses_of_20mm_or_more_whole_in_a_patch_by_offset_from_its_centre = byOffset,
            data = FormattableString.Invariant($"{generator.Name} seed {seed}, first {count}; the recipe's patches ({recipe.PatchesPerCase} per case, {turns} turn(s) for a 10-30 mm mass, intensity augmentation)"),
            weights = Path.GetFileName(Path.GetDirectoryName(weights)) + "/" + Path.GetFileName(weights),
            sets = summary,
        }));
        return 0;
    }

    /// <summary>
    /// Is the label where the mass is drawn? The mass's target voxels moved by every shift of up to two grid voxels per axis:
    /// the shift whose voxels differ most from their 2-voxel shell (HU, unaugmented grid) and that difference, and the
    /// difference unshifted. A label offset from its image would show as a consistent non-zero best shift.
    /// </summary>
    private static ((int Z, int Y, int X) Shift, double Best, double Plain) BestShift(CtVolume grid, int[] targetLabels, HashSet<int> components, StageSpec stage)
    {
        var members = Enumerable.Range(0, targetLabels.Length).Where(i => components.Contains(targetLabels[i])).ToList();
        var plane = grid.Height * grid.Width;
        double Contrast(int dz, int dy, int dx)
        {
            var labels = new int[grid.Count];
            foreach (var i in members)
            {
                var (z, y, x) = ((i / plane) + dz, ((i % plane) / grid.Width) + dy, (i % grid.Width) + dx);
                if (z >= 0 && z < grid.Depth && y >= 0 && y < grid.Height && x >= 0 && x < grid.Width)
                {
                    labels[(((z * grid.Height) + y) * grid.Width) + x] = 1;
                }
            }

            var (inside, shell) = MassShell.Measure(grid.Values, labels, 1, grid.Depth, grid.Height, grid.Width, ShellOffsets);
            return shell.Count < 2 || double.IsNaN(inside) ? double.NaN : (inside - shell.Average()) * stage.WindowWidth;
        }

        var plain = Contrast(0, 0, 0);
        var best = ((0, 0, 0), plain);
        foreach (var dz in Enumerable.Range(-2, 5))
        {
            foreach (var dy in Enumerable.Range(-2, 5))
            {
                foreach (var dx in Enumerable.Range(-2, 5))
                {
                    var c = Contrast(dz, dy, dx);
                    if (!double.IsNaN(c) && Math.Abs(c) > Math.Abs(best.Item2) + 1e-9)
                    {
                        best = ((dz, dy, dx), c);
                    }
                }
            }
        }

        return (best.Item1, best.Item2, plain);
    }

    private static float[] Probabilities(nn.Module<Tensor, Tensor> net, float[] pixels, int d, int h, int w)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return net.call(tensor(pixels, [1, 1, d, h, w])).sigmoid().flatten().data<float>().ToArray();
    }

    /// <summary>The mass (its target components) as patch <paramref name="k"/> holds it.</summary>
    private static PatchView View(PatchSampler.CasePatches cut, int k, HashSet<int> components, int[] targetLabels, float[] evalP, float[] trainP, int d, int h, int w, StageSpec stage)
    {
        var grid = cut.Grid;
        var origin = cut.Origins[k];
        var labels = new int[d * h * w];
        double sumZ = 0, sumY = 0, sumX = 0;
        var foreground = 0;
        var voxels = 0;
        float evalPeak = 0, trainPeak = 0;
        for (var z = 0; z < d; z++)
        {
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var (gz, gy, gx) = (origin.Z + z, origin.Y + y, origin.X + x);
                    if (gz >= grid.Depth || gy >= grid.Height || gx >= grid.Width)
                    {
                        continue;
                    }

                    var g = (((gz * grid.Height) + gy) * grid.Width) + gx;
                    var p = (((z * h) + y) * w) + x;
                    if (targetLabels[g] == 0)
                    {
                        continue;
                    }

                    foreground++;
                    labels[p] = components.Contains(targetLabels[g]) ? 1 : 2;
                    if (labels[p] == 1)
                    {
                        voxels++;
                        (sumZ, sumY, sumX) = (sumZ + z, sumY + y, sumX + x);
                        evalPeak = Math.Max(evalPeak, evalP[p]);
                        trainPeak = Math.Max(trainPeak, trainP[p]);
                    }
                }
            }
        }

        var c = cut.Centers[k];
        var (cz, cy, cx) = (Math.Clamp(c.Z, 0, grid.Depth - 1), Math.Clamp(c.Y, 0, grid.Height - 1), Math.Clamp(c.X, 0, grid.Width - 1));
        var centred = k % 4 != 3 && components.Contains(targetLabels[(((cz * grid.Height) + cy) * grid.Width) + cx]);
        var pixels = cut.Samples[k].Pixels;
        var augmented = !pixels.AsSpan().SequenceEqual(new SlidingWindow(stage.Patch).Extract(grid, origin, StageSpec.PadValue));
        double contrast = double.NaN, sd = double.NaN;
        if (voxels > 0)
        {
            // The shell: voxels of no mass within two voxels (other masses are label 2, left out).
            var (inside, shell) = MassShell.Measure(pixels, labels, 1, d, h, w, ShellOffsets);
            if (shell.Count >= 2)
            {
                var (mean, s) = MassShell.MeanAndSd(shell);
                (contrast, sd) = ((inside - mean) * stage.WindowWidth, Math.Max(s * stage.WindowWidth, 1e-6));
            }
        }

        var offsetMm = voxels == 0 ? double.NaN : Math.Sqrt(
            Math.Pow(((sumZ / voxels) - ((d - 1) / 2.0)) * stage.Spacing.Z, 2) + Math.Pow(((sumY / voxels) - ((h - 1) / 2.0)) * stage.Spacing.Y, 2) + Math.Pow(((sumX / voxels) - ((w - 1) / 2.0)) * stage.Spacing.X, 2));
        return new PatchView(k, voxels, foreground == 0 ? 0 : voxels / (double)foreground, centred, augmented, contrast, sd, evalPeak, trainPeak, offsetMm);
    }

    private sealed record PatchView(int Index, int Voxels, double ForegroundShare, bool Centred, bool Augmented, double ContrastHu, double ShellSdHu, float EvalPeak, float TrainPeak, double OffsetMm);

    private sealed record Row(string Case, string Set, double AxialMm, double SphereMm, int SourceVoxels, int GridVoxels, float SoftPeak, int TargetVoxels, int TargetComponents, List<PatchView> Patches, float WholePeak, float SizeWeight);
}
