using RadCnn.Plugins.Segmentation.Data;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// Paints extra 10-20 mm masses into a labelled CT's liver, on its own grid, before any patch is cut: each an ellipsoid
/// of random radii (±20 % around the drawn diameter), hypodense (seven in ten, 30-70 HU below the liver) or hyperdense
/// (30-60 HU above), as the portal-venous phantom draws its masses. The contrast is added to the HU already there, so the
/// case's own noise and texture stay on the mass; voxels on the mass's surface get a share of it by how far inside they
/// lie (partial volume), and the mass label holds the voxels at least half inside. Only liver voxels change, so a mass by
/// the edge is cut by the liver's outline as the generator cuts its own. No mass overlaps one already there (a gap of 3 mm).
/// </summary>
/// <remarks>
/// Why: on the phantoms a case holds 0-6 masses of 5-60 mm, so the 42 training cases of the mass recipe give the network
/// about twenty 10-20 mm masses, each in four fixed patch views, and every network trained on them leaves those masses at
/// p ≈ 0 (README, #20). This multiplies the small masses the network is shown without changing anything else of a case.
/// </remarks>
internal static class SmallMassInsertion
{
    /// <summary>Smallest and largest drawn diameter (mm).</summary>
    public const double MinimumDiameterMm = 10;

    /// <inheritdoc cref="MinimumDiameterMm"/>
    public const double MaximumDiameterMm = 20;

    /// <summary>Free space kept between an inserted mass and any mass already there (mm).</summary>
    public const double GapMm = 3;

    /// <summary>Attempts at a free centre per mass before that mass is given up.</summary>
    private const int Attempts = 30;

    /// <summary>
    /// <paramref name="ct"/> with up to <paramref name="count"/> masses painted in (fewer where the liver has no free room
    /// left); the input is not changed. The same <paramref name="random"/> state gives the same masses.
    /// </summary>
    public static LabelledCt Insert(LabelledCt ct, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var liverVoxels = count == 0 ? [] : Enumerable.Range(0, ct.Liver.Length).Where(i => ct.Liver[i] && !ct.Masses[i]).ToArray();
        if (liverVoxels.Length == 0)
        {
            return ct;
        }

        var hu = (float[])ct.Hu.Values.Clone();
        var masses = (bool[])ct.Masses.Clone();

        var (depth, height, width) = (ct.Hu.Depth, ct.Hu.Height, ct.Hu.Width);
        var (sz, sy, sx) = (ct.Hu.SpacingZ, ct.Hu.SpacingY, ct.Hu.SpacingX);
        var voxelMm = Math.Sqrt(sy * sx);
        for (var m = 0; m < count; m++)
        {
            var diameter = Uniform(random, MinimumDiameterMm, MaximumDiameterMm);
            var radii = (Z: diameter / 2 * Uniform(random, 0.8, 1.2), Y: diameter / 2 * Uniform(random, 0.8, 1.2), X: diameter / 2 * Uniform(random, 0.8, 1.2));
            var contrast = Uniform(random, 0, 1) < 0.7 ? -Uniform(random, 30, 70) : Uniform(random, 30, 60);
            var reach = (Z: (int)Math.Ceiling((radii.Z + GapMm) / sz), Y: (int)Math.Ceiling((radii.Y + GapMm) / sy), X: (int)Math.Ceiling((radii.X + GapMm) / sx));
            var meanRadius = (radii.Z + radii.Y + radii.X) / 3;
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var centre = liverVoxels[(int)Uniform(random, 0, liverVoxels.Length)];
                var (cz, cy, cx) = (centre / (height * width), (centre / width) % height, centre % width);
                if (NearMass(masses, (cz, cy, cx), reach, (depth, height, width)))
                {
                    continue;
                }

                // Signed depth inside the ellipsoid in mm (positive inside), approximated by (1 − its normalised radius) times
                // the mean radius; the voxel's share is that depth over its in-plane size, centred on the surface.
                for (var z = Math.Max(0, cz - reach.Z); z <= Math.Min(depth - 1, cz + reach.Z); z++)
                {
                    for (var y = Math.Max(0, cy - reach.Y); y <= Math.Min(height - 1, cy + reach.Y); y++)
                    {
                        for (var x = Math.Max(0, cx - reach.X); x <= Math.Min(width - 1, cx + reach.X); x++)
                        {
                            var i = (((z * height) + y) * width) + x;
                            if (!ct.Liver[i])
                            {
                                continue;
                            }

                            var normalised = Math.Sqrt(Square((z - cz) * sz / radii.Z) + Square((y - cy) * sy / radii.Y) + Square((x - cx) * sx / radii.X));
                            var share = Math.Clamp(((1 - normalised) * meanRadius / voxelMm) + 0.5, 0, 1);
                            if (share <= 0)
                            {
                                continue;
                            }

                            hu[i] += (float)(share * contrast);
                            masses[i] |= share >= 0.5;
                        }
                    }
                }

                break;
            }
        }

        return ct with { Hu = ct.Hu.WithValues(hu), Masses = masses };
    }

    private static double Uniform(Random random, double low, double high) =>
#pragma warning disable CA5394 // seeded augmentation, not security
        low + (random.NextDouble() * (high - low));
#pragma warning restore CA5394

    private static double Square(double value) => value * value;

    private static bool NearMass(bool[] masses, (int Z, int Y, int X) centre, (int Z, int Y, int X) reach, (int Depth, int Height, int Width) size)
    {
        for (var z = Math.Max(0, centre.Z - reach.Z); z <= Math.Min(size.Depth - 1, centre.Z + reach.Z); z++)
        {
            for (var y = Math.Max(0, centre.Y - reach.Y); y <= Math.Min(size.Height - 1, centre.Y + reach.Y); y++)
            {
                for (var x = Math.Max(0, centre.X - reach.X); x <= Math.Min(size.Width - 1, centre.X + reach.X); x++)
                {
                    if (masses[(((z * size.Height) + y) * size.Width) + x])
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
