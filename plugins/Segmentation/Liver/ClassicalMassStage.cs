using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Data;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// The classical mass candidates (<see cref="MassBlobDetector"/>) as a cascade stage: the detector runs on the predicted
/// liver's bounding box (plus a margin), on a grid no finer than <see cref="GridFloorMm"/> (finer series averaged into
/// voxels of that size) so that a 512×512×200 series looks and costs about what a 128-pixel one does, and the masks grown around the candidates come back to the source grid. The
/// cascade adds them to the network's masses (<see cref="CascadeSettings.ClassicalMasses"/>): the network misses masses of
/// 20-60 mm that the candidates find as their case's strongest blobs.
/// </summary>
internal static class ClassicalMassStage
{
    /// <summary>
    /// Finest spacing (mm) the detector works at: its weights and thresholds were chosen on 2.9-5 mm phantom voxels (which it
    /// takes as they are), and on a 512×512×200 series point-sampled to 2 mm it found the mass but added 6 false positives
    /// where the network had none; the mass stage's 2.5 mm.
    /// </summary>
    public const double GridFloorMm = 2.5;

    /// <summary>Margin (mm) around the liver box: the 1.5 mm smoothing of the mask growth reads a little beyond the liver's edge.</summary>
    public const double MarginMm = 10;

    /// <summary>The mask grows to k robust SDs beyond the parenchyma, or half the candidate's contrast (k 1 with the half-contrast cut chosen on validation).</summary>
    public const double GrowthSds = 1;

    /// <summary>The liver box on the detector's grid: the HU, the liver mask, and where the grid starts on the source (mm).</summary>
    internal sealed record View(CtVolume Hu, bool[] Liver, (double Z, double Y, double X) Start);

    /// <summary>The liver box resampled for the detector, or null when there is no liver.</summary>
    public static View? Prepare(CtVolume hu, bool[] liver)
    {
        if (LiverCascade.Box(liver, hu) is not { } box)
        {
            return null;
        }

        // The source box (plus the margin) cut out first, so that the averaging below and the resampling cost what the liver's
        // size, not the series', asks.
        static (int Low, int High) Range(int min, int max, double spacing, int count) =>
            (Math.Max(0, min - (int)Math.Ceiling(MarginMm / spacing)), Math.Min(count - 1, max + (int)Math.Ceiling(MarginMm / spacing)));
        var (z0, z1) = Range(box.Min.Z, box.Max.Z, hu.SpacingZ, hu.Depth);
        var (y0, y1) = Range(box.Min.Y, box.Max.Y, hu.SpacingY, hu.Height);
        var (x0, x1) = Range(box.Min.X, box.Max.X, hu.SpacingX, hu.Width);
        var (cutHu, cutLiver) = Cut(hu, liver, (z0, y0, x0), (z1 - z0 + 1, y1 - y0 + 1, x1 - x0 + 1));

        // The source spacing where it is coarser than the floor, so the phantoms' 3-5 mm voxels are taken as they are (on
        // such axes the grid is the source itself); finer axes are averaged into voxels of the floor's size first, as a
        // scanner reconstructing thicker voxels would, so the detector sees the noise it was chosen on.
        var spacing = (Math.Max(hu.SpacingZ, GridFloorMm), Math.Max(hu.SpacingY, GridFloorMm), Math.Max(hu.SpacingX, GridFloorMm));
        static double Sigma(double target, double source) => target > source ? Math.Sqrt(((target * target) - (source * source)) / 12) / source : 0;
        var averaged = VolumeFilters.Gaussian(cutHu.Values, cutHu.Width, cutHu.Height, cutHu.Depth, Sigma(spacing.Item3, hu.SpacingX), Sigma(spacing.Item2, hu.SpacingY), Sigma(spacing.Item1, hu.SpacingZ));
        var size = Resampler.CoveringSize(cutHu, spacing);
        var grid = Resampler.ToGrid(cutHu.WithValues(averaged), (0, 0, 0), spacing, size, -1000);
        var liverOnGrid = Resampler.ToGrid(cutLiver, (0, 0, 0), spacing, size, 0);
        return new View(grid, Array.ConvertAll(liverOnGrid.Values, v => v >= 0.5f), (z0 * hu.SpacingZ, y0 * hu.SpacingY, x0 * hu.SpacingX));
    }

    /// <summary>A block of the source (its HU, and the liver as 0/1) starting at voxel <paramref name="origin"/>.</summary>
    private static (CtVolume Hu, CtVolume Liver) Cut(CtVolume hu, bool[] liver, (int Z, int Y, int X) origin, (int Depth, int Height, int Width) size)
    {
        var values = new float[size.Depth * size.Height * size.Width];
        var inside = new float[values.Length];
        for (var z = 0; z < size.Depth; z++)
        {
            for (var y = 0; y < size.Height; y++)
            {
                var from = ((((origin.Z + z) * hu.Height) + origin.Y + y) * hu.Width) + origin.X;
                var to = ((z * size.Height) + y) * size.Width;
                Array.Copy(hu.Values, from, values, to, size.Width);
                for (var x = 0; x < size.Width; x++)
                {
                    inside[to + x] = liver[from + x] ? 1f : 0f;
                }
            }
        }

        var cut = new CtVolume(values, size.Depth, size.Height, size.Width, hu.SpacingZ, hu.SpacingY, hu.SpacingX);
        return (cut, cut.WithValues(inside));
    }

    /// <summary>The candidates in the view, strongest first (all those the detector reports, at most 100).</summary>
    public static IReadOnlyList<MassBlob> Candidates(View view, MassBlobResponse response) => MassBlobDetector.Find(view.Hu, view.Liver, response: response);

    /// <summary>The mask grown around <paramref name="kept"/> on the view, brought back to the source grid and kept inside the liver.</summary>
    public static bool[] MaskOnSource(View view, IEnumerable<MassBlob> kept, CtVolume hu, bool[] liver)
    {
        var grown = MassBlobDetector.Mask(view.Hu, view.Liver, kept, GrowthSds, halfContrast: true);
        var onSource = Resampler.ToSource(view.Hu.WithValues(Array.ConvertAll(grown, b => b ? 1f : 0f)), view.Start, hu);
        var mask = new bool[hu.Count];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = liver[i] && onSource[i] >= 0.5f;
        }

        return mask;
    }

    /// <summary>The cascade's call: the grown masks of the candidates scoring at least <paramref name="minimumScore"/>, on the source grid.</summary>
    public static bool[] Masses(CtVolume hu, bool[] liver, double minimumScore, MassBlobResponse response)
    {
        if (Prepare(hu, liver) is not { } view)
        {
            return new bool[hu.Count];
        }

        var kept = Candidates(view, response).Where(b => b.Score >= minimumScore).ToList();
        return kept.Count == 0 ? new bool[hu.Count] : MaskOnSource(view, kept, hu, liver);
    }

    /// <summary>
    /// The classical components of <paramref name="classical"/> that touch none of the network's masses (with
    /// <paramref name="onlyNew"/>), or all of it: what the cascade adds to the network's masses.
    /// </summary>
    public static bool[] Addition(CtVolume hu, bool[] network, bool[] classical, bool onlyNew)
    {
        if (!onlyNew)
        {
            return classical;
        }

        var (labels, _) = ConnectedComponents.Label(classical, hu.Depth, hu.Height, hu.Width);
        var touching = new HashSet<int>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] != 0 && network[i])
            {
                touching.Add(labels[i]);
            }
        }

        var added = new bool[hu.Count];
        for (var i = 0; i < added.Length; i++)
        {
            added[i] = labels[i] != 0 && !touching.Contains(labels[i]);
        }

        return added;
    }
}
