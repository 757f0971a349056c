using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Data;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// Cuts training patches from labelled CT exactly as inference prepares windows (same resampling, window
/// and padding): around the target structure with jitter, plus random ones so the network also sees
/// what is not the target. Samples hold a patch as a [D·H, W] stack, the shape the shared trainer batches.
/// </summary>
internal static class PatchSampler
{
    /// <summary>What a patch is cut from and what it is centred on.</summary>
    public enum Focus
    {
        /// <summary>Stage 1: the whole abdomen on the liver grid; centred near the liver.</summary>
        Liver,

        /// <summary>Stage 2: the liver box (from the ground truth, with a jittered margin) on the fine grid; centred on masses.</summary>
        MassInLiverBox,

        /// <summary>Single stage: masses on the whole abdomen at the liver grid.</summary>
        MassWhole,
    }

    /// <param name="ct">The labelled case.</param>
    /// <param name="stage">The grid and window the network works on.</param>
    /// <param name="focus">What the patches are cut from and centred on.</param>
    /// <param name="patches">Patches cut from this case.</param>
    /// <param name="random">The seeded source of positions and augmentation.</param>
    /// <param name="augment">Each patch through <see cref="CtIntensityAugmentation"/> (other phases, noise).</param>
    /// <param name="smallMassTurns">Turns a mass of 10-30 mm (equivalent sphere diameter) gets among the mass-centred patches; 1 treats every mass alike.</param>
    /// <param name="sizeWeighted">
    /// Targets carry each foreground voxel's <see cref="SizeWeight"/> instead of 1, for
    /// <see cref="RadCnn.Training.Optimization.LossKind.SizeWeightedDiceBinaryCrossEntropy"/>.
    /// </param>
    /// <param name="offCentre">
    /// Mass-centred patches hold their mass anywhere within the patch's middle, not at its centre: the window is
    /// moved from the chosen mass voxel by up to a third of the patch along each axis.
    /// </param>
    /// <param name="augmentNoise">With <paramref name="augment"/>: whether half the curved patches also get extra noise.</param>
    /// <param name="markedComponents">
    /// Targets mark each mass of at least <see cref="MarkedDiameterMm"/> with its own value (2, 3, …) and leave smaller ones at 1,
    /// for <see cref="RadCnn.Training.Optimization.LossKind.ComponentDiceBinaryCrossEntropy"/>.
    /// </param>
    /// <param name="centreBlobs">
    /// Targets hold a ball of <see cref="CentreBlobRadiusVoxels"/> at the centre of each mass of at least
    /// <see cref="MarkedDiameterMm"/> instead of the mass (<see cref="CentreBlobs"/>): a mass detector's target, the same
    /// size for every mass. The patches are centred as for the masses themselves.
    /// </param>
    public static List<TrainingSample> Sample(LabelledCt ct, StageSpec stage, Focus focus, int patches, Random random, bool augment = false, int smallMassTurns = 1, bool sizeWeighted = false, bool offCentre = false, bool augmentNoise = true, bool markedComponents = false, bool centreBlobs = false) =>
        SampleCase(ct, stage, focus, patches, random, augment, smallMassTurns, sizeWeighted, offCentre, augmentNoise, markedComponents, centreBlobs)?.Samples ?? [];

    /// <summary>
    /// <see cref="Sample"/> with what it cut the patches from (the stage grid, its 0/1 target, the grid's start on the
    /// source and each patch's origin on the grid), so a bench can follow one mass from the label into its patches; null
    /// where a mass-in-box case has no liver. Draws the same random numbers as <see cref="Sample"/>.
    /// </summary>
    internal static CasePatches? SampleCase(LabelledCt ct, StageSpec stage, Focus focus, int patches, Random random, bool augment = false, int smallMassTurns = 1, bool sizeWeighted = false, bool offCentre = false, bool augmentNoise = true, bool markedComponents = false, bool centreBlobs = false)
    {
        CtVolume grid;
        float[] target;
        (double Z, double Y, double X) start = (0, 0, 0);
        var truth = focus == Focus.Liver ? ct.Liver : ct.Masses;
        if (focus == Focus.MassInLiverBox)
        {
            var box = LiverCascade.Box(ct.Liver, ct.Hu);
            if (box is null)
            {
                return null;
            }

            var settings = new CascadeSettings { LiverBoxMarginMm = 5 + (random.NextDouble() * 15) };
            (start, var size) = new LiverCascade(null!, null!, settings, stage).StageBox(box.Value, ct.Hu);
            grid = stage.Prepare(ct.Hu, start, size);
        }
        else
        {
            grid = stage.PrepareWhole(ct.Hu);
        }

        var mask = new CtVolume(truth.Select(t => t ? 1f : 0f).ToArray(), ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width, ct.Hu.SpacingZ, ct.Hu.SpacingY, ct.Hu.SpacingX);
        target = Resampler.ToGrid(mask, start, stage.Spacing, (grid.Depth, grid.Height, grid.Width), 0f).Values.Select(v => v >= 0.5f ? 1f : 0f).ToArray();
        var targetGrid = grid.WithValues(target);
        var window = new SlidingWindow(stage.Patch);
        var centers = Centers(targetGrid, focus, patches, random, smallMassTurns, offCentre ? (stage.Patch.Depth / 3, stage.Patch.Height / 3, stage.Patch.Width / 3) : (0, 0, 0));
        if (sizeWeighted)
        {
            targetGrid = grid.WithValues(SizeWeights(target, grid.Depth, grid.Height, grid.Width, stage));
        }
        else if (markedComponents)
        {
            targetGrid = grid.WithValues(MarkComponents(target, grid.Depth, grid.Height, grid.Width, stage));
        }
        else if (centreBlobs)
        {
            targetGrid = grid.WithValues(CentreBlobs(target, grid.Depth, grid.Height, grid.Width, stage));
        }

        var samples = new List<TrainingSample>();
        var origins = new List<(int Z, int Y, int X)>();
        foreach (var (center, k) in centers.Select((c, k) => (c, k)))
        {
            var (pixels, origin) = window.PatchAround(grid, center, StageSpec.PadValue);
            origins.Add(origin);
            samples.Add(new TrainingSample
            {
                Id = $"{ct.Id}/{stage.Name}/{k}",
                PatientKey = ct.Id,
                Pixels = augment ? CtIntensityAugmentation.Apply(pixels, stage.WindowWidth, random, augmentNoise) : pixels,
                Target = window.Extract(targetGrid, origin, 0f),
                Channels = 1,
                Height = stage.Patch.Depth * stage.Patch.Height,
                Width = stage.Patch.Width,
            });
        }

        return new CasePatches(grid, target, start, centers, origins, samples);
    }

    /// <summary>One case's patches and what they were cut from: <paramref name="Target"/> is the 0/1 mask on <paramref name="Grid"/> (before any size weights).</summary>
    internal sealed record CasePatches(CtVolume Grid, float[] Target, (double Z, double Y, double X) Start, IReadOnlyList<(int Z, int Y, int X)> Centers, IReadOnlyList<(int Z, int Y, int X)> Origins, List<TrainingSample> Samples);

    internal static List<(int Z, int Y, int X)> Centers(CtVolume target, Focus focus, int patches, Random random, int smallMassTurns = 1, (int Z, int Y, int X) shift = default)
    {
        var plane = target.Height * target.Width;
        (int, int, int) At(int i) => (i / plane, (i % plane) / target.Width, i % target.Width);
        var centers = new List<(int, int, int)>();
        if (focus == Focus.Liver)
        {
            var foreground = Enumerable.Range(0, target.Values.Length).Where(i => target.Values[i] > 0).ToList();
            for (var k = 0; k < patches; k++)
            {
                centers.Add(foreground.Count > 0 ? At(foreground[random.Next(foreground.Count)]) : (random.Next(target.Depth), random.Next(target.Height), random.Next(target.Width)));
            }

            return centers;
        }

        // Masses: three of four patches centre on a mass, the masses taken in turn (a voxel drawn from the
        // whole foreground would nearly always land in the largest mass, and the 5-15 mm ones, the hard
        // ones, would hardly be seen); the fourth anywhere, so the network also learns what is not a mass.
        var (labels, sizes) = Analysis.ConnectedComponents.Label(target.Values.Select(v => v > 0).ToArray(), target.Depth, target.Height, target.Width);
        var members = sizes.Select(_ => new List<int>()).ToList();
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] > 0)
            {
                members[labels[i] - 1].Add(i);
            }
        }

        // The 10-30 mm masses, which whole-volume inference missed while the large ones were found, may take more turns.
        var voxelMm3 = target.SpacingZ * target.SpacingY * target.SpacingX;
        var turns = Enumerable.Range(0, members.Count)
            .SelectMany(m => Enumerable.Repeat(m, IsSmall(members[m].Count * voxelMm3) ? Math.Max(1, smallMassTurns) : 1))
            .ToList();
        var order = turns.OrderBy(_ => random.Next()).ToList();
        var turn = 0;
        for (var k = 0; k < patches; k++)
        {
            if (members.Count > 0 && k % 4 != 3)
            {
                var mass = members[order[turn++ % order.Count]];
                var (z, y, x) = At(mass[random.Next(mass.Count)]);
                // Off centre (when asked): inference's sliding windows seldom hold a mass at their centre; on validation
                // phantoms the network trained on centred patches scored some 10-30 mm masses lower 25 mm off a window's centre.
                centers.Add(shift == default ? (z, y, x) : (z + random.Next(-shift.Z, shift.Z + 1), y + random.Next(-shift.Y, shift.Y + 1), x + random.Next(-shift.X, shift.X + 1)));
            }
            else
            {
                centers.Add((random.Next(target.Depth), random.Next(target.Height), random.Next(target.Width)));
            }
        }

        return centers;
    }

    /// <summary>The largest voxel weight, that of a 10 mm mass; smaller masses (not in the detection goal, and often partial-volume specks) get no more.</summary>
    public const float MaxWeight = 27f;

    /// <summary>Voxels of a 30 mm sphere on the stage's grid: a component this large or larger weighs 1 per voxel.</summary>
    public static double ReferenceVoxels(StageSpec stage) => Math.PI / 6 * 30 * 30 * 30 / (stage.Spacing.Z * stage.Spacing.Y * stage.Spacing.X);

    /// <summary>
    /// A foreground voxel's weight: the 30 mm sphere's voxel count over its component's, between 1 and <see cref="MaxWeight"/>,
    /// so each mass of 10-30 mm weighs in the cross entropy about as much as a 30 mm one: a mass scored at p ≈ 0 gets no pull
    /// from the Dice term (its gradient passes through the sigmoid's slope), only the cross entropy's. Measured on the mass
    /// recipe's patches (bench/segmentation --mass-patches) it moved the 10-30 mm masses' share of the logit gradient only from
    /// 10-16% to 13-19%, and a fine-tune with it scored below its start on whole validation cases; the recipe does not use it.
    /// </summary>
    public static float SizeWeight(int componentVoxels, StageSpec stage) => (float)Math.Clamp(ReferenceVoxels(stage) / Math.Max(1, componentVoxels), 1, MaxWeight);

    /// <summary>0 outside the mask, each component's <see cref="SizeWeight"/> inside.</summary>
    internal static float[] SizeWeights(float[] mask, int depth, int height, int width, StageSpec stage)
    {
        var (labels, sizes) = Analysis.ConnectedComponents.Label(mask.Select(v => v > 0).ToArray(), depth, height, width);
        var weights = sizes.Select(s => SizeWeight(s, stage)).ToArray();
        return labels.Select(l => l == 0 ? 0f : weights[l - 1]).ToArray();
    }

    /// <summary>
    /// Smallest mass (equivalent sphere) that gets its own Dice term under component marking: 8 mm, so the 7-10 mm spheres that
    /// measure 10 mm or more across on the voxel mask (and count in the goal) are marked, and 1-4 voxel partial-volume specks are not.
    /// </summary>
    public const double MarkedDiameterMm = 8;

    /// <summary>0 outside the mask; inside, 2, 3, … for each component of at least <see cref="MarkedDiameterMm"/> and 1 for smaller ones.</summary>
    internal static float[] MarkComponents(float[] mask, int depth, int height, int width, StageSpec stage)
    {
        var (labels, sizes) = Analysis.ConnectedComponents.Label(mask.Select(v => v > 0).ToArray(), depth, height, width);
        var values = new float[sizes.Count];
        var next = 2;
        for (var c = 0; c < sizes.Count; c++)
        {
            values[c] = IsMarked(sizes[c], stage) ? next++ : 1;
        }

        return labels.Select(l => l == 0 ? 0f : values[l - 1]).ToArray();
    }

    /// <summary>Radius (grid voxels) of the ball <see cref="CentreBlobs"/> puts at a mass's centre: 2, 5 mm on the 2.5 mm mass grid, 33 voxels.</summary>
    public const int CentreBlobRadiusVoxels = 2;

    /// <summary>
    /// 0 everywhere but a ball of <see cref="CentreBlobRadiusVoxels"/> (1) around the centroid of each component of at least
    /// <see cref="MarkedDiameterMm"/> (equivalent sphere): every such mass, 10 mm or 60 mm across, gets the same target
    /// voxels, where in the mask a 60 mm mass outweighs a 12 mm one 100 times. Smaller specks get nothing.
    /// </summary>
    internal static float[] CentreBlobs(float[] mask, int depth, int height, int width, StageSpec stage)
    {
        var (labels, sizes) = Analysis.ConnectedComponents.Label(mask.Select(v => v > 0).ToArray(), depth, height, width);
        var sums = new double[sizes.Count, 3];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] > 0)
            {
                sums[labels[i] - 1, 0] += i / (height * width);
                sums[labels[i] - 1, 1] += (i / width) % height;
                sums[labels[i] - 1, 2] += i % width;
            }
        }

        var blobs = new float[mask.Length];
        const int r = CentreBlobRadiusVoxels;
        for (var c = 0; c < sizes.Count; c++)
        {
            if (!IsMarked(sizes[c], stage))
            {
                continue;
            }

            var (cz, cy, cx) = ((int)Math.Round(sums[c, 0] / sizes[c]), (int)Math.Round(sums[c, 1] / sizes[c]), (int)Math.Round(sums[c, 2] / sizes[c]));
            for (var z = Math.Max(0, cz - r); z <= Math.Min(depth - 1, cz + r); z++)
            {
                for (var y = Math.Max(0, cy - r); y <= Math.Min(height - 1, cy + r); y++)
                {
                    for (var x = Math.Max(0, cx - r); x <= Math.Min(width - 1, cx + r); x++)
                    {
                        if (((z - cz) * (z - cz)) + ((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) <= r * r)
                        {
                            blobs[(((z * height) + y) * width) + x] = 1;
                        }
                    }
                }
            }
        }

        return blobs;
    }

    /// <summary>Whether a mass of this volume (mm³) is 10-30 mm across as a sphere.</summary>
    internal static bool IsSmall(double volumeMm3) => EquivalentDiameterMm(volumeMm3) is >= 10 and <= 30;

    /// <summary>Whether a component of this many stage-grid voxels is a mass of its own: at least <see cref="MarkedDiameterMm"/> as a sphere.</summary>
    private static bool IsMarked(int voxels, StageSpec stage) =>
        EquivalentDiameterMm(voxels * stage.Spacing.Z * stage.Spacing.Y * stage.Spacing.X) >= MarkedDiameterMm;

    /// <summary>Diameter (mm) of the sphere of this volume (mm³).</summary>
    private static double EquivalentDiameterMm(double volumeMm3) => Math.Cbrt(6 * volumeMm3 / Math.PI);
}
