using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// Which components of the zoomed mass reading (<see cref="CascadeSettings.ZoomedMassSpacingMm"/>) join the reported masses.
/// Read at half its trained spacing the mass network draws the 10-20 mm masses it never draws at 2.5 mm, and with them
/// vessels and other look-alikes at the same probability; what tells them apart on 1.5-1.7 mm pixels is what a reader sees:
/// the masses it adds are darker than the liver around them and compact, the vessels brighter and long. A component
/// joins when it lies in the liver above the zoomed threshold, is at least the smallest mass, touches no mass already
/// reported, has a mean HU at most <see cref="CascadeSettings.ZoomedMassMaximumContrast"/> liver-noise units from the
/// liver's median, and fills at least <see cref="CascadeSettings.ZoomedMassMinimumFill"/> of its bounding box.
/// </summary>
internal static class ZoomedMassRule
{
    /// <summary>One zoomed component as the rule reads it.</summary>
    internal sealed record Component(int Label, double VolumeMl, double Contrast, double Fill, bool Joins);

    /// <summary>The voxels of the components that join (a new array; the reported masses are not changed).</summary>
    public static bool[] Added(CtVolume hu, bool[] liver, bool[] reported, float[] zoomedProbability, CascadeSettings settings)
    {
        var (labels, components) = Describe(hu, liver, reported, zoomedProbability, settings);
        var joining = components.Where(c => c.Joins).Select(c => c.Label).ToHashSet();
        return Array.ConvertAll(labels, l => l != 0 && joining.Contains(l));
    }

    /// <summary>The reported masses the zoomed reading added (empty where it did not run or added none).</summary>
    public static IReadOnlyList<LesionMeasure> FoundByZoomedReading(CascadeResult cascade, ReportedMassVoxels reported)
    {
        if (cascade.ZoomedMassVoxels is not { Count: > 0 } voxels || cascade.Lesions.Count == 0)
        {
            return [];
        }

        var added = voxels.ToHashSet();
        return reported.Whose(lesion => lesion.Any(added.Contains));
    }

    /// <summary>Every zoomed component of at least the smallest mass that touches no reported mass, with its measures and the verdict.</summary>
    internal static (int[] Labels, IReadOnlyList<Component> Components) Describe(CtVolume hu, bool[] liver, bool[] reported, float[] zoomedProbability, CascadeSettings settings)
    {
        var candidate = new bool[hu.Count];
        for (var i = 0; i < candidate.Length; i++)
        {
            candidate[i] = liver[i] && zoomedProbability[i] >= settings.ZoomedMassThreshold;
        }

        var (labels, sizes) = ConnectedComponents.Label(candidate, hu.Depth, hu.Height, hu.Width);
        if (sizes.Count == 0)
        {
            return (labels, []);
        }

        var (liverMedian, liverNoise) = LevelAndNoise(hu, liver);
        var n = sizes.Count;
        var touches = new bool[n + 1];
        var sum = new double[n + 1];
        var min = Enumerable.Repeat((Z: int.MaxValue, Y: int.MaxValue, X: int.MaxValue), n + 1).ToArray();
        var max = Enumerable.Repeat((Z: -1, Y: -1, X: -1), n + 1).ToArray();
        var plane = hu.Height * hu.Width;
        for (var i = 0; i < labels.Length; i++)
        {
            var l = labels[i];
            if (l == 0)
            {
                continue;
            }

            touches[l] |= reported[i];
            sum[l] += hu.Values[i];
            var (z, y, x) = (i / plane, (i % plane) / hu.Width, i % hu.Width);
            min[l] = (Math.Min(min[l].Z, z), Math.Min(min[l].Y, y), Math.Min(min[l].X, x));
            max[l] = (Math.Max(max[l].Z, z), Math.Max(max[l].Y, y), Math.Max(max[l].X, x));
        }

        var components = new List<Component>();
        for (var l = 1; l <= n; l++)
        {
            var volume = sizes[l - 1] * hu.VoxelVolumeMl;
            if (touches[l] || volume < settings.MinimumMassMl)
            {
                continue;
            }

            var contrast = ((sum[l] / sizes[l - 1]) - liverMedian) / liverNoise;
            var box = (double)(max[l].Z - min[l].Z + 1) * (max[l].Y - min[l].Y + 1) * (max[l].X - min[l].X + 1);
            var fill = sizes[l - 1] / box;
            components.Add(new Component(l, volume, contrast, fill, contrast <= settings.ZoomedMassMaximumContrast && fill >= settings.ZoomedMassMinimumFill));
        }

        return (labels, components);
    }

    /// <summary>
    /// The liver's median HU and its noise, 1.4826 × the median absolute deviation (a robust SD that the vessels and masses
    /// inside the liver hardly move; <see cref="RobustLevel"/>, as the classical candidates' parenchyma level); the noise is
    /// at least 1 HU, and an empty liver gives (0, 1).
    /// </summary>
    internal static (double Median, double Noise) LevelAndNoise(CtVolume hu, bool[] liver) =>
        RobustLevel.Of(hu.Values, liver) is { } level ? (level.Median, Math.Max(1, level.Sd)) : (0, 1);
}
