using System.Globalization;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Metrics;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// Could a classical candidate stage find the liver masses the mass network misses? <see cref="MassBlobDetector"/> inside
/// the true liver (or the cascade's predicted liver with --predicted-liver) of each case; a candidate hits a true mass when
/// its centre lies in the mass or within half its longest axial diameter of the mass's centre. Reports, over one score
/// threshold shared by all cases, the sensitivity per size band (longest axial diameter &lt;10, 10-20, 20-30, &gt;30 mm) at
/// 0.5 and 1 false positives per case (candidates hitting no mass), and the mass Dice of a mask grown around the candidates
/// kept at 1 FP/case (parenchyma level ± k robust SDs, or at least half the candidate's contrast) for several k. Per-mass lines on stderr; one JSON line on stdout.
/// </summary>
/// <remarks>Usage: bench/segmentation/run --mass-candidates [--cases 8] [--seed 501] [--predicted-liver] [--blobness-power 1: the score is response × blobness^p; 0 ranks by the response alone] [--erosion-mm 4: 0 keeps the whole mask] [--mass-response MedianFill|NormalisedConvolution|WeightedCentre (cascade.json's by default)].</remarks>
internal static class MassCandidates
{
    private static readonly string[] Bands = ["<10 mm", "10-20 mm", "20-30 mm", ">30 mm"];

    /// <summary>
    /// The true mass a candidate at source voxel (<paramref name="z"/>, <paramref name="y"/>, <paramref name="x"/>) hits, or 0:
    /// the mass under its (rounded) voxel, else the first whose centre lies within half its longest axial diameter.
    /// </summary>
    internal static int HitLabel(CtVolume hu, int[] labels, IReadOnlyList<LesionMeasure> lesions, double z, double y, double x)
    {
        var (vz, vy, vx) = ((int)Math.Round(z), (int)Math.Round(y), (int)Math.Round(x));
        if (vz >= 0 && vz < hu.Depth && vy >= 0 && vy < hu.Height && vx >= 0 && vx < hu.Width && labels[(((vz * hu.Height) + vy) * hu.Width) + vx] is var label and not 0)
        {
            return label;
        }

        return lesions.FirstOrDefault(l =>
        {
            var (dz, dy, dx) = ((z - l.CenterVoxel.Z) * hu.SpacingZ, (y - l.CenterVoxel.Y) * hu.SpacingY, (x - l.CenterVoxel.X) * hu.SpacingX);
            return Math.Sqrt((dz * dz) + (dy * dy) + (dx * dx)) <= l.LongestAxialDiameterMm / 2;
        })?.Label ?? 0;
    }

    public static int Run(IReadOnlyList<LabelledCt> cases, IReadOnlyList<bool[]> livers, string liverName, int seed, double blobnessPower, double erosionMm, MassBlobResponse response)
    {
        var scored = new List<(int Case, double Score, int Hit, MassBlob Blob)>();
        var masses = new List<(int Case, int Label, string Band, double Diameter, int Sign, string Nearest)>();
        var blobsPerCase = new List<IReadOnlyList<MassBlob>>();
        for (var c = 0; c < cases.Count; c++)
        {
            var ct = cases[c];
            var blobs = MassBlobDetector.Find(ct.Hu, livers[c], blobnessPower: blobnessPower, erosionMm: erosionMm, response: response);
            blobsPerCase.Add(blobs);
            var (labels, _) = ConnectedComponents.Label(ct.Masses, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
            var lesions = MaskMeasures.Lesions(ct.Masses, ct.Hu);
            var (median, _) = MassBlobDetector.ParenchymaLevel(ct.Hu.Values, ct.Liver);
            foreach (var lesion in lesions)
            {
                double sum = 0;
                for (var i = 0; i < labels.Length; i++)
                {
                    sum += labels[i] == lesion.Label ? ct.Hu.Values[i] : 0;
                }

                var interior = MassBlobDetector.Erode(ct.Hu, livers[c], erosionMm);
                var kept = Enumerable.Range(0, labels.Length).Count(i => labels[i] == lesion.Label && interior[i]);
                var nearest = blobs.OrderBy(b => MassBlobDetector.DistanceMm(ct.Hu, b, lesion.CenterVoxel.Z, lesion.CenterVoxel.Y, lesion.CenterVoxel.X)).FirstOrDefault();
                var where = nearest is null ? "none" : FormattableString.Invariant($"{MassBlobDetector.DistanceMm(ct.Hu, nearest, lesion.CenterVoxel.Z, lesion.CenterVoxel.Y, lesion.CenterVoxel.X):F0} mm off, r {nearest.RadiusMm} mm, {(nearest.Sign < 0 ? "hypo" : "hyper")}, score {nearest.Score:F2}");
                masses.Add((c, lesion.Label, Band(lesion.LongestAxialDiameterMm), lesion.LongestAxialDiameterMm, sum / lesion.Voxels < median ? -1 : 1, FormattableString.Invariant($"{100.0 * kept / lesion.Voxels:F0}% of its voxels in the eroded liver; nearest candidate {where}")));
            }

            foreach (var blob in blobs)
            {
                scored.Add((c, blob.Score, HitLabel(ct.Hu, labels, lesions, blob.Z, blob.Y, blob.X), blob));
            }
        }

        // The lowest score threshold whose false positives per case stay within each budget.
        var thresholds = scored.Select(s => s.Score).Distinct().OrderDescending().ToList();
        double FalsePositives(double t) => (double)scored.Count(s => s.Score >= t && s.Hit == 0) / cases.Count;
        HashSet<(int, int)> Found(double t) => scored.Where(s => s.Score >= t && s.Hit != 0).Select(s => (s.Case, s.Hit)).ToHashSet();
        double At(double budget) => thresholds.LastOrDefault(t => FalsePositives(t) <= budget, double.PositiveInfinity);

        foreach (var m in masses)
        {
            var best = scored.Where(s => s.Case == m.Case && s.Hit == m.Label).Select(s => s.Score).DefaultIfEmpty(0).Max();
            var rank = scored.Count(s => s.Case == m.Case && s.Hit == 0 && s.Score > best);
            Console.Error.WriteLine(FormattableString.Invariant($"mass {cases[m.Case].Id} {m.Diameter:F0} mm {(m.Sign < 0 ? "hypo" : "hyper")}: best candidate score {best:F2} ({(best > 0 ? $"{rank} false positives above it in its case" : "no candidate")}; {m.Nearest})"));
        }

        foreach (var c in Enumerable.Range(0, cases.Count))
        {
            var liver = livers[c];
            foreach (var s in scored.Where(s => s.Case == c && s.Hit == 0).OrderByDescending(s => s.Score).Take(3))
            {
                var b = s.Blob;
                var hu = cases[c].Hu[b.Z, b.Y, b.X];
                Console.Error.WriteLine(FormattableString.Invariant($"false positive {cases[c].Id} at ({b.Z},{b.Y},{b.X}) r {b.RadiusMm} mm {(b.Sign < 0 ? "hypo" : "hyper")} response {b.Response:F2} blobness {b.Blobness:F2} HU {hu:F0}"));
            }
        }

        var rows = new List<string>();
        foreach (var budget in new[] { 0.5, 1.0, 2.0, 5.0 })
        {
            var t = At(budget);
            var found = Found(t);
            var perBand = Bands.Select(b =>
            {
                var inBand = masses.Where(m => m.Band == b).ToList();
                return FormattableString.Invariant($"\"{b}\": \"{inBand.Count(m => found.Contains((m.Case, m.Label)))}/{inBand.Count}\"");
            });
            var large = masses.Where(m => m.Diameter >= 10).ToList();
            var largeFound = large.Count(m => found.Contains((m.Case, m.Label)));
            var line = FormattableString.Invariant($"\"fp_budget_{budget}\": {{\"threshold\": {t:F2}, \"fp_per_case\": {FalsePositives(t):F2}, \"sensitivity_10mm\": {(double)largeFound / Math.Max(1, large.Count):F2}, ") + string.Join(", ", perBand) + "}";
            rows.Add(line);
            Console.Error.WriteLine("candidates " + line);
        }

        // A mask from the candidates kept at 1 FP/case, for several k.
        var keep = At(1.0);
        var dice = new List<string>();
        foreach (var (k, half) in new[] { 1.0, 1.5, 2.0, 2.5, 3.0 }.SelectMany(k => new[] { (k, false), (k, true) }))
        {
            var perCase = new List<double>();
            var falseComponents = 0;
            for (var c = 0; c < cases.Count; c++)
            {
                var mask = MassBlobDetector.Mask(cases[c].Hu, livers[c], blobsPerCase[c].Where(b => b.Score >= keep), k, half);
                if (cases[c].Masses.Contains(true))
                {
                    perCase.Add(OverlapMetrics.Dice(mask, cases[c].Masses));
                }

                falseComponents += SegmentationEvaluatorFalsePositives(cases[c], livers[c], mask);
            }

            var mean = perCase.Count > 0 ? perCase.Average() : double.NaN;
            dice.Add(FormattableString.Invariant($"\"k_{k}{(half ? "_half" : string.Empty)}\": {{\"mass_dice\": {mean:F3}, \"false_components_per_case\": {(double)falseComponents / cases.Count:F2}}}"));
            Console.Error.WriteLine(FormattableString.Invariant($"candidate mask k {k}{(half ? " or half the contrast" : string.Empty)}: mass Dice {mean:F3} over {perCase.Count} cases with masses, false components/case {(double)falseComponents / cases.Count:F2}"));
        }

        Console.WriteLine("{" + FormattableString.Invariant($"\"bench\": \"segmentation-mass-candidates\", \"seed\": {seed}, \"cases\": {cases.Count}, \"liver\": \"{liverName}\", \"blobness_power\": {blobnessPower}, \"erosion_mm\": {erosionMm}, \"masses\": {masses.Count}, ") + string.Join(", ", rows) + ", \"mask_at_1fp\": {" + string.Join(", ", dice) + "}}");
        return 0;
    }

    private static int SegmentationEvaluatorFalsePositives(LabelledCt ct, bool[] liver, bool[] mask) =>
        RadCnn.Plugins.Segmentation.Evaluation.SegmentationEvaluator.Score(ct, liver, mask).FalsePositives;

    private static string Band(double diameter) => diameter < 10 ? Bands[0] : diameter < 20 ? Bands[1] : diameter < 30 ? Bands[2] : Bands[3];
}
