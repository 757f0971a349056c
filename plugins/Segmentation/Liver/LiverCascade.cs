using System.Diagnostics;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// Cascaded liver and liver-mass segmentation (Christ et al.): a 3D U-Net finds the liver on a coarse
/// grid of the whole abdomen; a second 3D U-Net looks only inside the liver's bounding box, at finer
/// spacing, for masses. Both run by sliding window; probabilities are mapped back to the source grid
/// by trilinear interpolation before thresholding, so masks follow the source slices.
/// </summary>
internal sealed class LiverCascade(IPatchModel liverModel, IPatchModel massModel, CascadeSettings settings, StageSpec? massStage = null)
{
    private readonly StageSpec liverStage = CascadeSettings.LiverStage;
    private readonly StageSpec massSpec = massStage ?? CascadeSettings.MassStage;

    /// <summary>Set for the single-stage comparison: the mass model reads the whole abdomen on its own grid.</summary>
    public bool SingleStage { get; init; }

    public async Task<CascadeResult> RunAsync(CtVolume hu, CancellationToken cancellationToken)
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var liverGrid = liverStage.PrepareWhole(hu);
        seconds["prepare"] = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var liverWindow = new SlidingWindow(liverStage.Patch);
        var liverGridProbability = await liverWindow.PredictAsync(liverGrid, StageSpec.PadValue, liverModel.PredictAsync, cancellationToken).ConfigureAwait(false);
        seconds["liver"] = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var liverProbability = Resampler.ToSource(liverGrid.WithValues(liverGridProbability), (0, 0, 0), hu);
        var liver = DecideLiver(hu, liverProbability, settings);
        seconds["resample"] = clock.Elapsed.TotalSeconds;
        clock.Restart();

        // A source-grid map is a volume's worth of floats (210 MB for 512 x 512 x 200): allocated once, by the stage that fills it.
        float[] massProbability;
        var box = Box(liver, hu);
        CtVolume? massGrid = null;
        (double Z, double Y, double X) massStart = (0, 0, 0);
        if (SingleStage)
        {
            var grid = massGrid = massSpec.PrepareWhole(hu);
            var probability = await new SlidingWindow(massSpec.Patch).PredictAsync(grid, StageSpec.PadValue, massModel.PredictAsync, cancellationToken).ConfigureAwait(false);
            massProbability = Resampler.ToSource(grid.WithValues(probability), (0, 0, 0), hu);
        }
        else if (box is { } b)
        {
            (massProbability, massGrid, massStart) = await MassInBoxAsync(hu, b, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            massProbability = new float[hu.Count];
        }

        seconds["mass"] = clock.Elapsed.TotalSeconds;
        clock.Restart();
        bool[]? classical = null;
        if (settings.ClassicalMassScoreFor(hu) is { } minimumScore)
        {
            classical = ClassicalMassStage.Masses(hu, liver, minimumScore, settings.ClassicalMassResponse);
            seconds["classical"] = clock.Elapsed.TotalSeconds;
            clock.Restart();
        }

        var (masses, lesions, networkMasses) = DecideWithSources(hu, liver, massProbability, settings, classical);
        seconds["measure"] = clock.Elapsed.TotalSeconds;
        List<int>? zoomed = null;
        CtVolume? zoomedGrid = null;
        (double Z, double Y, double X) zoomedStart = (0, 0, 0);
        if (!SingleStage && box is { } zoomBox && settings.ZoomedMassesFor(hu))
        {
            // The same network read again on a finer grid; its components join under ZoomedMassRule. It is read on the liver's
            // own bounding box (every component lies in the liver) so that its maps are a box's worth, not the series' (a
            // 512 × 512 × 200 series would need 0.7 GB more), and the masses it adds carry its probabilities in the mass map,
            // written in place (the first reading gave them almost none).
            clock.Restart();
            var (gridProbability, grid, start) = await GridProbabilityAsync(hu, zoomBox, settings.ZoomedMassStage, cancellationToken).ConfigureAwait(false);
            (zoomedGrid, zoomedStart) = (grid, start);
            var crop = Crop(hu, zoomBox);
            var origin = (zoomBox.Min.Z * hu.SpacingZ, zoomBox.Min.Y * hu.SpacingY, zoomBox.Min.X * hu.SpacingX);
            var cropProbability = Resampler.ToSource(grid.WithValues(gridProbability), (start.Z - origin.Item1, start.Y - origin.Item2, start.X - origin.Item3), crop);
            var cropAdded = ZoomedMassRule.Added(crop, Crop(liver, hu, zoomBox), Crop(masses, hu, zoomBox), cropProbability, settings);
            zoomed = [];
            if (cropAdded.Any(v => v))
            {
                ForEachInBox(hu, zoomBox, (i, j) =>
                {
                    if (cropAdded[j])
                    {
                        zoomed.Add(i);
                        masses[i] = networkMasses[i] = true;
                        massProbability[i] = cropProbability[j];
                    }
                });
                (masses, lesions) = KeepLarge(hu, masses, massProbability, settings);
            }

            seconds["zoomed"] = clock.Elapsed.TotalSeconds;
        }

        return new CascadeResult(liverProbability, liver, massProbability, masses, lesions, MaskMeasures.VolumeMl(liver, hu), seconds)
        {
            NetworkMasses = networkMasses,
            ZoomedMassVoxels = zoomed,
            ZoomedGrid = zoomedGrid,
            ZoomedGridStart = zoomedStart,
            LiverCenterVoxel = box is { } c ? ((c.Min.Z + c.Max.Z) / 2, (c.Min.Y + c.Max.Y) / 2, (c.Min.X + c.Max.X) / 2) : null,
            LiverGrid = liverGrid,
            MassGrid = massGrid,
            MassGridStart = massStart,
        };
    }

    /// <summary>
    /// Stage 2 alone: the mass network by sliding window over a liver box (plus the margin) on its own grid,
    /// the probabilities mapped back to the source grid. Training's whole-volume validation runs this too.
    /// </summary>
    public Task<(float[] Probability, CtVolume Grid, (double Z, double Y, double X) Start)> MassInBoxAsync(CtVolume hu, ((int Z, int Y, int X) Min, (int Z, int Y, int X) Max) box, CancellationToken cancellationToken) =>
        MassInBoxAsync(hu, box, massSpec, cancellationToken);

    private async Task<(float[] Probability, CtVolume Grid, (double Z, double Y, double X) Start)> MassInBoxAsync(CtVolume hu, ((int Z, int Y, int X) Min, (int Z, int Y, int X) Max) box, StageSpec stage, CancellationToken cancellationToken)
    {
        var (probability, grid, start) = await GridProbabilityAsync(hu, box, stage, cancellationToken).ConfigureAwait(false);
        return (Resampler.ToSource(grid.WithValues(probability), start, hu), grid, start);
    }

    /// <summary>
    /// Masses from the mass probabilities: inside the liver, above the threshold, components of at least the minimum volume
    /// and diameter; with <paramref name="classical"/> (the classical candidates' grown masks), those are added to the
    /// network's kept masses (all of them, or with <see cref="CascadeSettings.ClassicalMassesOnlyNew"/> only the components
    /// touching none) and the same size rules apply to the union.
    /// </summary>
    public static (bool[] Masses, IReadOnlyList<LesionMeasure> Lesions) Decide(CtVolume hu, bool[] liver, float[] massProbability, CascadeSettings settings, bool[]? classical = null)
    {
        var (masses, lesions, _) = DecideWithSources(hu, liver, massProbability, settings, classical);
        return (masses, lesions);
    }

    /// <summary>
    /// As <see cref="Decide"/>, with the network's own kept masses before the classical ones join them (the same array as
    /// the masses when there are no classical ones), so each reported mass can say which path found it.
    /// </summary>
    private static (bool[] Masses, IReadOnlyList<LesionMeasure> Lesions, bool[] NetworkMasses) DecideWithSources(CtVolume hu, bool[] liver, float[] massProbability, CascadeSettings settings, bool[]? classical)
    {
        var masses = new bool[hu.Count];
        for (var i = 0; i < masses.Length; i++)
        {
            masses[i] = liver[i] && massProbability[i] >= settings.MassThreshold;
        }

        var (kept, lesions) = KeepLarge(hu, masses, massProbability, settings);
        if (classical is null)
        {
            return (kept, lesions, kept);
        }

        var network = (bool[])kept.Clone();
        var added = ClassicalMassStage.Addition(hu, kept, classical, settings.ClassicalMassesOnlyNew);
        for (var i = 0; i < kept.Length; i++)
        {
            kept[i] |= liver[i] && added[i];
        }

        var (union, unionLesions) = KeepLarge(hu, kept, massProbability, settings);
        return (union, unionLesions, network);
    }

    private static (bool[] Masses, IReadOnlyList<LesionMeasure> Lesions) KeepLarge(CtVolume hu, bool[] masses, float[] massProbability, CascadeSettings settings)
    {
        var (labels, components, measured) = MaskMeasures.LabelledLesions(masses, hu, settings.MinimumMassMl, massProbability);
        var lesions = measured.Where(l => l.LongestAxialDiameterMm >= settings.MinimumMassDiameterMm).ToList();
        if (lesions.Count < components)
        {
            // Drop the specks below the minimum volume or diameter from the mask as well as from the list.
            var kept = lesions.Select(l => l.Label).ToHashSet();
            for (var i = 0; i < masses.Length; i++)
            {
                masses[i] = masses[i] && kept.Contains(labels[i]);
            }
        }

        return (masses, lesions);
    }

    /// <summary>The liver mask from its probabilities: above the threshold, largest component.</summary>
    public static bool[] DecideLiver(CtVolume hu, float[] liverProbability, CascadeSettings settings) =>
        ConnectedComponents.Largest(Array.ConvertAll(liverProbability, p => p >= settings.LiverThreshold), hu.Depth, hu.Height, hu.Width);

    /// <summary>The mass network by sliding window over a liver box (plus the margin) on <paramref name="stage"/>'s grid, on that grid.</summary>
    private async Task<(float[] Probability, CtVolume Grid, (double Z, double Y, double X) Start)> GridProbabilityAsync(CtVolume hu, ((int Z, int Y, int X) Min, (int Z, int Y, int X) Max) box, StageSpec stage, CancellationToken cancellationToken)
    {
        var (start, size) = StageBox(box, hu, stage);
        var grid = stage.Prepare(hu, start, size);
        var probability = await new SlidingWindow(stage.Patch).PredictAsync(grid, StageSpec.PadValue, massModel.PredictAsync, cancellationToken).ConfigureAwait(false);
        return (probability, grid, start);
    }

    /// <summary>Calls <paramref name="visit"/> with each voxel of the box: its index in the series and in the box.</summary>
    private static void ForEachInBox(CtVolume hu, ((int Z, int Y, int X) Min, (int Z, int Y, int X) Max) box, Action<int, int> visit)
    {
        var j = 0;
        for (var z = box.Min.Z; z <= box.Max.Z; z++)
        {
            for (var y = box.Min.Y; y <= box.Max.Y; y++)
            {
                var row = ((z * hu.Height) + y) * hu.Width;
                for (var x = box.Min.X; x <= box.Max.X; x++)
                {
                    visit(row + x, j++);
                }
            }
        }
    }

    /// <summary>The series' values inside the box, as a volume of the same spacing.</summary>
    private static CtVolume Crop(CtVolume hu, ((int Z, int Y, int X) Min, (int Z, int Y, int X) Max) box) =>
        new(Crop(hu.Values, hu, box), box.Max.Z - box.Min.Z + 1, box.Max.Y - box.Min.Y + 1, box.Max.X - box.Min.X + 1, hu.SpacingZ, hu.SpacingY, hu.SpacingX);

    private static T[] Crop<T>(T[] values, CtVolume hu, ((int Z, int Y, int X) Min, (int Z, int Y, int X) Max) box)
    {
        var crop = new T[(box.Max.Z - box.Min.Z + 1) * (box.Max.Y - box.Min.Y + 1) * (box.Max.X - box.Min.X + 1)];
        ForEachInBox(hu, box, (i, j) => crop[j] = values[i]);
        return crop;
    }

    /// <summary>The stage-2 grid over the liver box plus the margin: its start (mm) and size.</summary>
    public ((double Z, double Y, double X) Start, (int Depth, int Height, int Width) Size) StageBox(((int Z, int Y, int X) Min, (int Z, int Y, int X) Max) box, CtVolume hu) =>
        StageBox(box, hu, massSpec);

    private ((double Z, double Y, double X) Start, (int Depth, int Height, int Width) Size) StageBox(((int Z, int Y, int X) Min, (int Z, int Y, int X) Max) box, CtVolume hu, StageSpec stage)
    {
        var m = settings.LiverBoxMarginMm;
        double Lo(int i, double s) => Math.Max(0, (i * s) - m);
        double Hi(int i, double s, int n) => Math.Min((n - 1) * s, (i * s) + m);
        var start = (Lo(box.Min.Z, hu.SpacingZ), Lo(box.Min.Y, hu.SpacingY), Lo(box.Min.X, hu.SpacingX));
        var end = (Hi(box.Max.Z, hu.SpacingZ, hu.Depth), Hi(box.Max.Y, hu.SpacingY, hu.Height), Hi(box.Max.X, hu.SpacingX, hu.Width));
        var size = (
            (int)Math.Floor((end.Item1 - start.Item1) / stage.Spacing.Z) + 1,
            (int)Math.Floor((end.Item2 - start.Item2) / stage.Spacing.Y) + 1,
            (int)Math.Floor((end.Item3 - start.Item3) / stage.Spacing.X) + 1);
        return (start, size);
    }

    /// <summary>The bounding box of a mask in voxels, or null when it is empty.</summary>
    public static ((int Z, int Y, int X) Min, (int Z, int Y, int X) Max)? Box(bool[] mask, CtVolume grid)
    {
        int z0 = int.MaxValue, y0 = int.MaxValue, x0 = int.MaxValue, z1 = -1, y1 = -1, x1 = -1;
        var plane = grid.Height * grid.Width;
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i])
            {
                continue;
            }

            var z = i / plane;
            var y = (i % plane) / grid.Width;
            var x = i % grid.Width;
            z0 = Math.Min(z0, z);
            y0 = Math.Min(y0, y);
            x0 = Math.Min(x0, x);
            z1 = Math.Max(z1, z);
            y1 = Math.Max(y1, y);
            x1 = Math.Max(x1, x);
        }

        return z1 < 0 ? null : ((z0, y0, x0), (z1, y1, x1));
    }
}
