using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Uterus;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// `--tumour-fit`: how well the cascade's tumour network draws each tumour when it is given the box it was
/// trained on (around the TRUE uterus, the default margin), so neither the uterus network nor the decision
/// takes part: per tumour its Dice at 0.5 on the raw map, its peak and mean probability; per tumour-free case
/// the peak in the box and the volume above 0.5. With `--split-of N[:fit]` every case is labelled with the
/// set the trainer put it in for a run on the first N phantoms of this seed (default fractions, or the
/// capacity probe's <see cref="UterusTumourCascadeFitRecipe.FitSplit"/>), so a network can be scored on
/// the tumours it was trained on.
/// </summary>
internal static class TumourFit
{
    /// <summary>A tumour counts as drawn when its Dice at 0.5 reaches this.</summary>
    public const double FoundDice = 0.1;

    public static object Run(IReadOnlyList<LabelledMr> cases, ITumourCropModel model, int planes, string splitOf, int seed, string generatorName, IReadOnlyDictionary<string, string> kinds, string dumpDirectory = "")
    {
        var sets = TrainingSets.Of([.. cases.Select(c => c.Id)], splitOf, seed, generatorName, UterusTumourCascadeFitRecipe.FitSplit);
        var rows = new List<(string Set, bool Tumour, double Dice, double Peak, double Mean, double FalseMl, double Ml)>();
        foreach (var mr in cases)
        {
            var map = Map(mr, model, planes);
            if (dumpDirectory.Length > 0)
            {
                // --dump-maps DIR: the raw map (float32, slice by slice, rows × columns) to look at beside the series.
                Directory.CreateDirectory(dumpDirectory);
                File.WriteAllBytes(Path.Combine(dumpDirectory, FormattableString.Invariant($"{mr.Id}.{mr.Slices}x{mr.Rows}x{mr.Columns}.f32")), System.Runtime.InteropServices.MemoryMarshal.AsBytes(map.AsSpan()).ToArray());
            }

            var set = sets.TryGetValue(mr.Id, out var s) ? s : "unseen";
            if (mr.Tumour.Contains(true))
            {
                var (dice, peak, mean) = Score(map, mr.Tumour);
                var ml = mr.Tumour.Count(b => b) * mr.VoxelVolumeMl;
                rows.Add((set, true, dice, peak, mean, 0, ml));
                Console.Error.WriteLine(FormattableString.Invariant($"fit {mr.Id} ({set}): tumour {(kinds.TryGetValue(mr.Id, out var kind) ? kind : "?")} {ml:F2} mL Dice@0.5 {dice:F3} peak {peak:F2} mean {mean:F2}"));
            }
            else
            {
                var peak = map.Length == 0 ? 0 : map.Max();
                var falseMl = map.Count(p => p >= 0.5f) * mr.VoxelVolumeMl;
                rows.Add((set, false, 0, peak, 0, falseMl, 0));
                Console.Error.WriteLine(FormattableString.Invariant($"fit {mr.Id} ({set}): no tumour, peak {peak:F2}, {falseMl:F2} mL above 0.5"));
            }
        }

        return rows.GroupBy(r => r.Set).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            var tumours = g.Where(r => r.Tumour).ToList();
            var free = g.Where(r => !r.Tumour).ToList();
            return new
            {
                tumours = tumours.Count,
                drawn = tumours.Count(r => r.Dice >= FoundDice),
                peak_at_most_0_01 = tumours.Count(r => r.Peak <= 0.01),
                mean_dice_at_0_5 = tumours.Count > 0 ? Math.Round(tumours.Average(r => r.Dice), 3) : (double?)null,
                mean_probability_in_tumour = tumours.Count > 0 ? Math.Round(tumours.Average(r => r.Mean), 3) : (double?)null,
                // Small tumours (under 1 mL, a few dozen pixels a slice at 128²) apart: that is where a network's grid shows.
                under_1_ml = tumours.Count(r => r.Ml < 1),
                under_1_ml_drawn = tumours.Count(r => r.Ml < 1 && r.Dice >= FoundDice),
                tumour_free = free.Count,
                tumour_free_peak_below_0_5 = free.Count(r => r.Peak < 0.5),
            };
        });
    }

    /// <summary>The tumour map on the box around the true uterus (zero outside it).</summary>
    internal static float[] Map(LabelledMr mr, ITumourCropModel model, int planes)
    {
        var map = new float[mr.Voxels.Length];
        if (TumourCrop.Around(mr.Uterus, mr.Slices, mr.Rows, mr.Columns) is not { } box)
        {
            return map;
        }

        box.PredictIntoAsync(model, TumourCrop.Normalise(mr.Voxels), mr.Slices, mr.Rows, mr.Columns, planes, map, CancellationToken.None).GetAwaiter().GetResult();
        return map;
    }

    /// <summary>Dice of the map at 0.5 against the tumour, and the peak and mean probability on the tumour.</summary>
    internal static (double Dice, double Peak, double Mean) Score(float[] map, bool[] tumour)
    {
        long both = 0, predicted = 0, truth = 0;
        double peak = 0, sum = 0;
        for (var i = 0; i < map.Length; i++)
        {
            var p = map[i] >= 0.5f;
            predicted += p ? 1 : 0;
            if (tumour[i])
            {
                truth++;
                both += p ? 1 : 0;
                peak = Math.Max(peak, map[i]);
                sum += map[i];
            }
        }

        return (predicted + truth == 0 ? 1 : 2.0 * both / (predicted + truth), peak, truth == 0 ? 0 : sum / truth);
    }
}
