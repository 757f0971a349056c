using System.Globalization;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Liver;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// The zoomed mass reading's components against the truth, for choosing <see cref="ZoomedMassRule"/>'s bounds. Per case: the
/// cascade as cascade.json says with the zoomed reading off, and the mass network read again on the zoomed grid; each zoomed
/// component that <see cref="ZoomedMassRule.Describe"/> reads (in the predicted liver, at or above the zoomed threshold, at
/// least the smallest mass, touching no reported mass) is printed with its volume, peak and mean zoomed probability, the
/// largest probability the first reading gave it, the rule's contrast (mean HU minus the liver's median, in liver-noise
/// units) and fill (share of its bounding box), and whether it touches a true mass and how large that mass is
/// ("zoom-component" lines on stderr). Then the first reading's masses with the components that pass each pair of bounds of
/// a grid added, scored as the bench scores (one JSON line on stdout).
/// </summary>
/// <remarks>Usage: bench/segmentation/run --mass-zoom 1.25 [--zoom-threshold 0.5] [--cases 16] [--seed 501] [--generator portal|alternate] [--size 256 --slices 96].</remarks>
internal static class MassZoom
{
    public static async Task<int> RunAsync(LiverCascade shipped, LiverCascade zoomed, IReadOnlyList<LabelledCt> cases, CascadeSettings settings, string data)
    {
        var baseline = new List<CaseMetrics>();
        var perCase = new List<(LabelledCt Ct, bool[] Liver, bool[] Masses, int[] Labels, IReadOnlyList<ZoomedMassRule.Component> Components)>();
        foreach (var ct in cases)
        {
            var result = await shipped.RunAsync(ct.Hu, CancellationToken.None);
            var zoom = await zoomed.RunAsync(ct.Hu, CancellationToken.None);
            baseline.Add(SegmentationEvaluator.Score(ct, result.Liver, result.Masses));
            var (labels, components) = ZoomedMassRule.Describe(ct.Hu, result.Liver, result.Masses, zoom.MassProbability, settings);
            var (trueLabels, _) = ConnectedComponents.Label(ct.Masses, ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
            var trueDiameters = MaskMeasures.Lesions(ct.Masses, ct.Hu).ToDictionary(m => m.Label, m => m.LongestAxialDiameterMm);
            foreach (var c in components)
            {
                var voxels = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c.Label).ToList();
                var hit = voxels.Select(i => trueLabels[i]).Where(l => l != 0).Distinct().ToList();
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"zoom-component {ct.Id} {c.Label} vol {c.VolumeMl:F2} peak {voxels.Max(i => zoom.MassProbability[i]):F2} mean {voxels.Average(i => zoom.MassProbability[i]):F2} shipped {voxels.Max(i => result.MassProbability[i]):F2} hit {(hit.Count > 0 ? 1 : 0)} diameter {(hit.Count > 0 ? hit.Max(l => trueDiameters.GetValueOrDefault(l)) : 0):F0} delta {c.Contrast:F2} fill {c.Fill:F2}"));
            }

            perCase.Add((ct, result.Liver, result.Masses, labels, components));
        }

        var rows = new List<string> { Row("shipped", baseline) };
        foreach (var maximumContrast in new[] { -2.0, -1.5, -1.0, -0.5, 0.0, 99.0 })
        {
            foreach (var minimumFill in new[] { 0.0, 0.3, 0.4 })
            {
                var scores = perCase.Select(p =>
                {
                    var keep = p.Components.Where(c => c.Contrast <= maximumContrast && c.Fill >= minimumFill).Select(c => c.Label).ToHashSet();
                    var masses = (bool[])p.Masses.Clone();
                    for (var i = 0; i < masses.Length; i++)
                    {
                        masses[i] |= p.Labels[i] != 0 && keep.Contains(p.Labels[i]);
                    }

                    return SegmentationEvaluator.Score(p.Ct, p.Liver, masses);
                }).ToList();
                rows.Add(Row(FormattableString.Invariant($"zoom delta<={maximumContrast} fill>={minimumFill}"), scores));
            }
        }

        Console.WriteLine("{" + FormattableString.Invariant($"\"bench\": \"segmentation-mass-zoom\", \"data\": \"{data}\", \"cases\": {cases.Count}, \"zoom_spacing_mm\": {settings.ZoomedMassSpacingMm}, \"zoom_threshold\": {settings.ZoomedMassThreshold}, \"rows\": [") + string.Join(", ", rows) + "]}");
        return 0;
    }

    private static string Row(string name, IReadOnlyList<CaseMetrics> scores) => MassCombination.Row(name, scores, "zoom-row");
}
