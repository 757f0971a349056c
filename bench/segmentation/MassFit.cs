using System.Globalization;
using System.Text.Json;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// `--mass-fit`: how well the cascade's mass network draws each mass when it is given the box it was trained on
/// (the TRUE liver's box plus the margin, on the stage's grid, as <see cref="LiverCascade.MassInBoxAsync"/> cuts it),
/// so the liver network takes no part. Per true mass: its Dice at 0.5 against the predicted components (inside the
/// true liver) that touch it, its peak and mean probability, and whether the cascade's decision (cascade.json's
/// mass threshold and smallest mass) finds it; per case the decision's false positives. Masses are banded by
/// longest axial diameter on the source grid, as the goal counts them. With `--split-of N[:fit]` every case is
/// labelled with the set the trainer put it in (<see cref="TrainingSets"/>), so a network is scored on the masses it
/// was trained on: one that cannot draw those is held back by its capacity, not by the data or the threshold.
/// </summary>
/// <remarks>
/// Usage: bench/segmentation/run MODEL_DIR --mass-fit [--cases 16] [--seed 4] [--split-of 60 | 16:fit]
/// [--mass-weights W] [--mass-channels 8] [--mass-refined] [--mass-stage fine] [--noise-scale 1]. One JSON object on stdout; one line per mass on stderr.
/// </remarks>
internal static class MassFit
{
    /// <summary>A mass counts as drawn when its Dice at 0.5 reaches this.</summary>
    public const double DrawnDice = 0.1;

    private static readonly (string Name, double From, double To)[] Bands = [("<10 mm", 0, 10), ("10-20 mm", 10, 20), ("20-30 mm", 20, 30), (">=30 mm", 30, double.MaxValue)];

    public static int Run(string modelDirectory, string[] args)
    {
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var count = int.Parse(Option("--cases", "16"), CultureInfo.InvariantCulture);
        var seed = int.Parse(Option("--seed", "4"), CultureInfo.InvariantCulture);
        var fine = Option("--mass-stage", "shipped") == "fine";
        var stage = fine ? CascadeSettings.FineMassStage : CascadeSettings.MassStage;
        var weights = Option("--mass-weights", Path.Combine(modelDirectory, fine ? "liver-mass-fine" : "liver-mass", "model.bin"));
        var channels = int.Parse(Option("--mass-channels", CtSegmentationRecipeBase.BaseChannels.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var settings = CascadeSettings.Load(Path.Combine(modelDirectory, CascadeSettings.FileName));
        var generator = new AbdomenCtGenerator { NoiseScale = double.Parse(Option("--noise-scale", "1"), CultureInfo.InvariantCulture) };
        var cases = PhantomCases.Generate(generator, count, seed);
        var sets = TrainingSets.Of(cases.Select(c => c.Id).ToList(), Option("--split-of", string.Empty), seed, generator.Name, LiverMassFitRecipe.FitSplit);
        using var net = UNetLoader.Load(stage, weights, channels, args.Contains("--mass-refined"));
        net.eval();
        var cascade = new LiverCascade(null!, new ModulePatchModel(net, stage.Patch), settings, stage);

        var masses = new List<(string Set, double Mm, double Ml, double Dice, double Peak, double Mean, bool Found)>();
        var perCase = new List<(string Set, bool HasMasses, int FalsePositives)>();
        foreach (var ct in cases)
        {
            var set = sets.TryGetValue(ct.Id, out var s) ? s : "unseen";
            var map = new float[ct.Hu.Count];
            if (LiverCascade.Box(ct.Liver, ct.Hu) is { } box)
            {
                map = cascade.MassInBoxAsync(ct.Hu, box, CancellationToken.None).GetAwaiter().GetResult().Probability;
            }

            var drawn = new bool[map.Length];
            for (var i = 0; i < map.Length; i++)
            {
                drawn[i] = ct.Liver[i] && map[i] >= 0.5f;
            }

            var decided = LiverCascade.Decide(ct.Hu, ct.Liver, map, settings).Masses;
            var (truthLabels, _) = ConnectedComponents.Label(ct.Masses, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
            var (drawnLabels, drawnSizes) = ConnectedComponents.Label(drawn, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
            var (decidedLabels, decidedSizes) = ConnectedComponents.Label(decided, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
            var truths = MaskMeasures.Lesions(ct.Masses, ct.Hu);
            foreach (var m in truths)
            {
                // The drawn components that touch this mass, and the decided ones.
                var touching = new HashSet<int>();
                var found = false;
                double peak = 0, sum = 0;
                for (var i = 0; i < map.Length; i++)
                {
                    if (truthLabels[i] == m.Label)
                    {
                        peak = Math.Max(peak, map[i]);
                        sum += map[i];
                        found |= decidedLabels[i] > 0;
                        if (drawnLabels[i] > 0)
                        {
                            touching.Add(drawnLabels[i]);
                        }
                    }
                }

                var both = 0;
                for (var i = 0; i < map.Length; i++)
                {
                    both += truthLabels[i] == m.Label && drawnLabels[i] > 0 ? 1 : 0;
                }

                var drawnVoxels = touching.Sum(c => drawnSizes[c - 1]);
                var dice = 2.0 * both / (drawnVoxels + m.Voxels);
                masses.Add((set, m.LongestAxialDiameterMm, m.VolumeMl, dice, peak, sum / m.Voxels, found));
                Console.Error.WriteLine(FormattableString.Invariant($"mass-fit {ct.Id} ({set}): mass {m.LongestAxialDiameterMm:F0} mm {m.VolumeMl:F2} mL Dice@0.5 {dice:F3} peak {peak:F2} mean {sum / m.Voxels:F2} {(found ? "found" : "missed")}"));
            }

            // A decided component that touches no true mass is a false positive.
            var hit = new HashSet<int>();
            for (var i = 0; i < map.Length; i++)
            {
                if (decidedLabels[i] > 0 && ct.Masses[i])
                {
                    hit.Add(decidedLabels[i]);
                }
            }

            var falsePositives = decidedSizes.Count - hit.Count;
            perCase.Add((set, truths.Count > 0, falsePositives));
            Console.Error.WriteLine(FormattableString.Invariant($"mass-fit {ct.Id} ({set}): {truths.Count} masses, {falsePositives} false positives at {settings.MassThreshold} / {settings.MinimumMassMl} mL"));
        }

        var summary = perCase.Select(c => c.Set).Distinct().Order(StringComparer.Ordinal).ToDictionary(set => set, set =>
        {
            var inSet = masses.Where(m => m.Set == set).ToList();
            var caseRows = perCase.Where(c => c.Set == set).ToList();
            return new
            {
                cases = caseRows.Count,
                masses = inSet.Count,
                drawn = inSet.Count(m => m.Dice >= DrawnDice),
                found_by_decision = inSet.Count(m => m.Found),
                mean_dice_at_0_5 = inSet.Count > 0 ? Math.Round(inSet.Average(m => m.Dice), 3) : (double?)null,
                false_positives_per_case = Math.Round(caseRows.Average(c => c.FalsePositives), 2),
                by_diameter = Bands.ToDictionary(b => b.Name, b =>
                {
                    var band = inSet.Where(m => m.Mm >= b.From && m.Mm < b.To).ToList();
                    return new
                    {
                        masses = band.Count,
                        drawn = band.Count(m => m.Dice >= DrawnDice),
                        found_by_decision = band.Count(m => m.Found),
                        mean_dice_at_0_5 = band.Count > 0 ? Math.Round(band.Average(m => m.Dice), 3) : (double?)null,
                        median_peak = band.Count > 0 ? Math.Round(Median(band.Select(m => m.Peak)), 3) : (double?)null,
                        peak_at_most_0_05 = band.Count(m => m.Peak <= 0.05),
                    };
                }),
                // By volume, so that 7-9 mm spheres measuring 11-12 mm across on the voxel mask are apart.
                at_least_0_52_ml = new { masses = inSet.Count(m => m.Ml >= 0.52), drawn = inSet.Count(m => m.Ml >= 0.52 && m.Dice >= DrawnDice), found_by_decision = inSet.Count(m => m.Ml >= 0.52 && m.Found) },
            };
        });
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            bench = "segmentation mass-fit",
            data = FormattableString.Invariant($"{generator.Name} seed {seed}, first {count} ({generator.Size}x{generator.Size}x{generator.Slices})"),
            weights = Path.GetFileName(Path.GetDirectoryName(weights)) + "/" + Path.GetFileName(weights),
            base_channels = channels,
            mass_stage = FormattableString.Invariant($"{stage.Name} at {stage.Spacing.Z} mm, true liver box + {settings.LiverBoxMarginMm} mm"),
            decision = new { threshold = settings.MassThreshold, minimum_mass_ml = settings.MinimumMassMl },
            sets = summary,
        }));
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
