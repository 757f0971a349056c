using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Data;
using RadCnn.Training.Phantoms.PelvisMr;
using static TorchSharp.torch;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// `--tumour-trace`: the cascade recipe's own training samples for the first N phantoms of a seed (the
/// recipe draws its boxes case by case from one seeded stream, so the first N cases' samples are those of
/// the full run), and the tumour network on exactly those packed inputs. Per tumour: how many of its
/// slices reach a sample with a non-empty target and the network's peak and Dice on the samples' targets,
/// so a tumour missing from the targets (a data-path exclusion) is told from one present but not learned;
/// the peak with only a disc around the tumour left in the input (is it the surroundings that hold the
/// network back?), and the peak on the inference box against a box of the same side centred on the tumour
/// (does its place in the box matter?).
/// </summary>
internal static class TumourTrace
{
    public static void Run(UNet2D network, int count, int seed, Func<int, UterusTumourCascadeRecipe> recipeFor, string dumpDirectory = "")
    {
        var recipe = recipeFor(count);
        var generator = new PelvisMrGenerator();
        var samples = recipe.LoadData(null, seed).Samples;
        // The set the trainer puts each case in for a run of this recipe on this seed (the probe's split is its own).
        var sets = PatientSplit.Assign(samples.Select(s => s.PatientKey), recipe.Defaults.Split, seed);
        var area = recipe.BoxSize * recipe.BoxSize;
        foreach (var byCase in samples.GroupBy(s => s.PatientKey))
        {
            var phantom = generator.Generate(seed, int.Parse(byCase.Key[(byCase.Key.LastIndexOf('c') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            if (phantom.Tumour is not { } tumour)
            {
                continue;
            }

            var plane = phantom.Grid.Rows * phantom.Grid.Columns;
            var tumourSlices = Enumerable.Range(0, phantom.Grid.Slices).Where(s => phantom.Labels.AsSpan(s * plane, plane).Contains((byte)2)).ToList();
            double peak = 0, both = 0, predicted = 0, truth = 0, localPeak10 = 0, localPeak20 = 0;
            var slicesWithTarget = new HashSet<int>();
            foreach (var sample in byCase)
            {
                var slice = int.Parse(sample.Id.Split('/')[1].Split('#')[0], System.Globalization.CultureInfo.InvariantCulture);
                var target = sample.Target!.AsSpan(area, area);
                var probability = Predict(network, sample.Channels, sample.Height, sample.Width, sample.Pixels);
                if (target.Contains(1f))
                {
                    // Context ablation: only a disc around the tumour's centre kept, the rest of every plane at the box's median.
                    localPeak10 = Math.Max(localPeak10, PeakOn(target, Predict(network, sample.Channels, sample.Height, sample.Width, LocalOnly(sample, target, 10))));
                    localPeak20 = Math.Max(localPeak20, PeakOn(target, Predict(network, sample.Channels, sample.Height, sample.Width, LocalOnly(sample, target, 20))));
                }

                if (dumpDirectory.Length > 0 && target.Contains(1f))
                {
                    // --dump-maps DIR: the packed input, the target and the tumour map of each sample with tumour (float32).
                    Directory.CreateDirectory(dumpDirectory);
                    var name = sample.Id.Replace('/', '_').Replace('#', '-');
                    File.WriteAllBytes(Path.Combine(dumpDirectory, FormattableString.Invariant($"{name}.{sample.Channels}x{sample.Height}x{sample.Width}.input.f32")), System.Runtime.InteropServices.MemoryMarshal.AsBytes(sample.Pixels.AsSpan()).ToArray());
                    File.WriteAllBytes(Path.Combine(dumpDirectory, FormattableString.Invariant($"{name}.target.f32")), System.Runtime.InteropServices.MemoryMarshal.AsBytes(target).ToArray());
                    File.WriteAllBytes(Path.Combine(dumpDirectory, FormattableString.Invariant($"{name}.map.f32")), System.Runtime.InteropServices.MemoryMarshal.AsBytes(probability.AsSpan()).ToArray());
                }

                for (var i = 0; i < area; i++)
                {
                    var t = target[i] >= 0.5f;
                    var p = probability[i] >= 0.5f;
                    truth += t ? 1 : 0;
                    predicted += p ? 1 : 0;
                    both += t && p ? 1 : 0;
                    if (t)
                    {
                        slicesWithTarget.Add(slice);
                        peak = Math.Max(peak, probability[i]);
                    }
                }
            }

            // The same network on the inference box (around the true uterus, default margin) and on a box of the
            // same side and slices moved so the tumour's in-plane centre is its centre: does where the tumour sits in the box matter?
            var mr = PelvisCases.FromCase(phantom);
            var standard = TumourCrop.Around(mr.Uterus, mr.Slices, mr.Rows, mr.Columns)!;
            var (tumourRow, tumourColumn) = InPlaneCentre(mr.Tumour, mr.Rows, mr.Columns);
            var centred = standard with { Top = (int)Math.Round(tumourRow - (standard.Side / 2.0) + 0.5), Left = (int)Math.Round(tumourColumn - (standard.Side / 2.0) + 0.5) };
            var where = FormattableString.Invariant($"tumour centre in the inference box at ({(tumourRow - standard.Top) / standard.Side:F2}, {(tumourColumn - standard.Left) / standard.Side:F2}) of its side");
            var (standardDice, standardPeak, _) = TumourFit.Score(MapOn(standard, mr, network, recipe.BoxSize), mr.Tumour);
            var (centredDice, centredPeak, _) = TumourFit.Score(MapOn(centred, mr, network, recipe.BoxSize), mr.Tumour);
            Console.Error.WriteLine(FormattableString.Invariant($"box {phantom.Id}: {Place(tumour)}, {where}; inference box peak {standardPeak:F2} Dice@0.5 {standardDice:F3}; box centred on the tumour peak {centredPeak:F2} Dice@0.5 {centredDice:F3}"));
            Console.Error.WriteLine(FormattableString.Invariant(
                $"trace {phantom.Id} ({sets[phantom.Id].ToString().ToLowerInvariant()} in a run of this recipe on {recipe.Phantoms} phantoms): {tumour.Kind.ToString().ToLowerInvariant()} centre {tumour.CentreT:F2} ({Place(tumour)}), {(phantom.Grid.IsSagittal ? "sagittal" : "axial")}, tumour slices {tumourSlices.Count} ({string.Join(',', tumourSlices)}), slices with a non-empty target {slicesWithTarget.Count}, {byCase.Count()} samples, target pixels {truth}, network on the samples: peak {peak:F2} (only a disc of radius 10 / 20 box pixels around the tumour kept: {localPeak10:F2} / {localPeak20:F2}) Dice@0.5 {(truth + predicted == 0 ? 1 : 2 * both / (truth + predicted)):F3}"));
        }
    }

    private static string Place(UterineTumour tumour) => tumour.Kind == UterineTumourKind.Cervical ? (tumour.CentreT < 0.28 ? "lower cervix" : "by the isthmus") : "body";

    private static float[] MapOn(TumourCrop box, LabelledMr mr, UNet2D network, int size)
    {
        var map = new float[mr.Voxels.Length];
        box.PredictIntoAsync(new ModuleTumourCropModel(network, size), TumourCrop.Normalise(mr.Voxels), mr.Slices, mr.Rows, mr.Columns, 3, map, CancellationToken.None).GetAwaiter().GetResult();
        return map;
    }

    private static (double Row, double Column) InPlaneCentre(bool[] mask, int rows, int columns)
    {
        double r = 0, c = 0, n = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                r += (i % (rows * columns)) / columns;
                c += i % columns;
                n++;
            }
        }

        return (r / n, c / n);
    }

    private static double PeakOn(ReadOnlySpan<float> target, float[] probability)
    {
        double peak = 0;
        for (var i = 0; i < probability.Length; i++)
        {
            peak = target[i] >= 0.5f ? Math.Max(peak, probability[i]) : peak;
        }

        return peak;
    }

    /// <summary>The packed input with every plane outside a disc of <paramref name="radius"/> box pixels around the target's centre set to that plane's median.</summary>
    private static float[] LocalOnly(TrainingSample sample, ReadOnlySpan<float> target, double radius)
    {
        var side = sample.Width;
        double cy = 0, cx = 0, n = 0;
        for (var i = 0; i < side * side; i++)
        {
            if (target[i] >= 0.5f)
            {
                cy += i / side;
                cx += i % side;
                n++;
            }
        }

        (cy, cx) = (cy / n, cx / n);
        var pixels = (float[])sample.Pixels.Clone();
        for (var p = 0; p < pixels.Length / (side * side); p++)
        {
            var plane = pixels.AsSpan(p * side * side, side * side);
            var sorted = plane.ToArray();
            Array.Sort(sorted);
            var median = sorted[sorted.Length / 2];
            for (var i = 0; i < plane.Length; i++)
            {
                var (y, x) = (i / side, i % side);
                if (((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) > radius * radius)
                {
                    plane[i] = median;
                }
            }
        }

        return pixels;
    }

    /// <summary>The tumour output (lower half of the packed output) on one packed training sample, as the trainer feeds it.</summary>
    private static float[] Predict(UNet2D network, int channels, int height, int width, float[] pixels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(pixels, [1, channels, height, width]);
        return network.call(input).narrow(2, width, width).sigmoid().flatten().data<float>().ToArray();
    }
}

/// <summary>The cascade recipe on its first <paramref name="phantoms"/> phantoms (the same samples for them as the full run draws).</summary>
internal sealed class TracedTumourCascadeRecipe(int phantoms) : UterusTumourCascadeRecipe
{
    public override int Phantoms => phantoms;
}
