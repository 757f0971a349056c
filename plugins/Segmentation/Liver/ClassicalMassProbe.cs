using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// The robustness of the masses that only the classical candidates found. There is no network behind them for the engine's
/// FGSM probe to attack (probing the mass network around them would report how steadily it draws nothing), so this probe
/// attacks what the detector measures instead: its score is a centre-minus-surround contrast (a difference of Gaussians over
/// the liver's robust SD), whose gradient with respect to the input is positive inside the blob and negative around it. The
/// sign step of that response moves every voxel of the mass by δ toward the parenchyma and every liver voxel of a shell
/// around it (out to <see cref="SurroundReach"/> radii) by δ toward the mass, where δ is the engine's ε in the mass stage's
/// window (0.02 × 400 HU = 8 HU);
/// then the classical stage runs again on the attacked volume. Agreement is the Dice of the mass with what the stage draws
/// around it under attack; a flip is agreement under <see cref="FlipAgreement"/> (the engine's level for dense outputs).
/// All probed masses are attacked together (each attack is local); the smallest flipping ε is searched on ε/4, ε/2, ε.
/// </summary>
internal static class ClassicalMassProbe
{
    /// <summary>Agreement under which a mass counts as lost (the engine's flip level for segmentations).</summary>
    public const double FlipAgreement = 0.5;

    /// <summary>How far the attacked surround reaches, in radii of a sphere of the mass's volume.</summary>
    public const double SurroundReach = 1.5;

    /// <summary>One mass to probe: its voxels on the source grid and the region (mass plus surround) its agreement is read in, as voxel indices.</summary>
    internal sealed record Target(int[] Voxels, int[] Surround, int[] Region, int Sign);

    /// <summary>
    /// Reports for <paramref name="probed"/> (some of the cascade's final <paramref name="masses"/>), keyed by the mass.
    /// </summary>
    public static IReadOnlyDictionary<LesionMeasure, RobustnessReport> Probe(
        CtVolume hu, bool[] liver, ReportedMassVoxels masses, IReadOnlyList<LesionMeasure> probed, double minimumScore, double epsilon, double windowWidthHu, MassBlobResponse response)
    {
        var targets = Targets(hu, liver, masses, probed);
        var reports = new Dictionary<LesionMeasure, RobustnessReport>();
        if (targets.Count == 0)
        {
            return reports;
        }

        var agreementAt = new Dictionary<double, double[]>();
        double[] Agreements(double eps) =>
            agreementAt.TryGetValue(eps, out var known) ? known : agreementAt[eps] = Agreement(hu, liver, targets.Values.ToList(), minimumScore, eps * windowWidthHu, direction: 1, response);

        var atEpsilon = Agreements(epsilon);
        var order = targets.Keys.ToList();
        for (var k = 0; k < order.Count; k++)
        {
            double? smallest = null;
            foreach (var eps in new[] { epsilon / 4, epsilon / 2, epsilon })
            {
                if (Agreements(eps)[k] < FlipAgreement)
                {
                    smallest = eps;
                    break;
                }
            }

            var flips = atEpsilon[k] < FlipAgreement;
            reports[order[k]] = new RobustnessReport(epsilon, flips, smallest, atEpsilon[k], flips);
        }

        return reports;
    }

    /// <summary>
    /// The cascade's masses that touch none of the network's own (<see cref="CascadeResult.NetworkMasses"/>): those the
    /// classical candidates alone found. Empty where the candidates did not run.
    /// </summary>
    public static IReadOnlyList<LesionMeasure> FoundOnlyByCandidates(CascadeResult cascade, ReportedMassVoxels reported)
    {
        if (cascade.NetworkMasses is not { } network || ReferenceEquals(network, cascade.Masses) || cascade.Lesions.Count == 0)
        {
            return [];
        }

        return reported.Whose(voxels => !voxels.Any(i => network[i]));
    }

    /// <summary>
    /// Each target's Dice with the classical stage's masks on the volume attacked by <paramref name="deltaHu"/> (direction
    /// +1 lowers each mass's contrast, −1 raises it: the opposite step, for checking that the attack's sign matters).
    /// </summary>
    internal static double[] Agreement(CtVolume hu, bool[] liver, IReadOnlyList<Target> targets, double minimumScore, double deltaHu, int direction, MassBlobResponse response)
    {
        var attacked = (float[])hu.Values.Clone();
        foreach (var t in targets)
        {
            var step = (float)(direction * t.Sign * deltaHu);
            foreach (var i in t.Voxels)
            {
                attacked[i] += step;
            }

            foreach (var i in t.Surround)
            {
                attacked[i] -= step;
            }
        }

        var drawn = ClassicalMassStage.Masses(hu.WithValues(attacked), liver, minimumScore, response);
        return targets.Select(t =>
        {
            var inRegion = t.Region.Count(i => drawn[i]);
            var overlap = t.Voxels.Count(i => drawn[i]);
            return 2.0 * overlap / (t.Voxels.Length + inRegion);
        }).ToArray();
    }

    /// <summary>The probed masses as attack targets: voxels, surround (the liver shell around each, no mass), region, sign.</summary>
    internal static Dictionary<LesionMeasure, Target> Targets(CtVolume hu, bool[] liver, ReportedMassVoxels masses, IReadOnlyList<LesionMeasure> probed)
    {
        var targets = new Dictionary<LesionMeasure, Target>();
        foreach (var lesion in probed)
        {
            if (masses.VoxelsOf(lesion) is { } voxels)
            {
                targets[lesion] = TargetOf(hu, liver, masses.Mask, voxels);
            }
        }

        return targets;
    }

    /// <summary>The mean voxel position of <paramref name="voxels"/> (as <see cref="LesionMeasure.CenterVoxel"/> is measured).</summary>
    internal static (double Z, double Y, double X) Centre(IReadOnlyCollection<int> voxels, CtVolume hu)
    {
        var plane = hu.Height * hu.Width;
        double z = 0, y = 0, x = 0;
        foreach (var i in voxels)
        {
            z += i / plane;
            y += i % plane / hu.Width;
            x += i % hu.Width;
        }

        return (z / voxels.Count, y / voxels.Count, x / voxels.Count);
    }

    private static Target TargetOf(CtVolume hu, bool[] liver, bool[] masses, int[] voxels)
    {
        var plane = hu.Height * hu.Width;
        var (cz, cy, cx) = Centre(voxels, hu);
        var inside = voxels.Sum(i => (double)hu.Values[i]);

        // The surround is a shell from the radius of a sphere of the mass's volume out to half as far again (the annulus of
        // a centre-minus-surround filter at the mass's scale); a box or a wider slab would be a blob of its own once shifted.
        var radiusMm = Math.Cbrt(3 * voxels.Length * hu.VoxelVolumeMl * 1000 / (4 * Math.PI));
        var outerMm = SurroundReach * radiusMm;
        int rz = (int)Math.Ceiling(outerMm / hu.SpacingZ), ry = (int)Math.Ceiling(outerMm / hu.SpacingY), rx = (int)Math.Ceiling(outerMm / hu.SpacingX);
        var region = new HashSet<int>(voxels);
        var surround = new List<int>();
        double around = 0;
        for (var z = Math.Max(0, (int)cz - rz); z <= Math.Min(hu.Depth - 1, (int)cz + rz + 1); z++)
        {
            for (var y = Math.Max(0, (int)cy - ry); y <= Math.Min(hu.Height - 1, (int)cy + ry + 1); y++)
            {
                for (var x = Math.Max(0, (int)cx - rx); x <= Math.Min(hu.Width - 1, (int)cx + rx + 1); x++)
                {
                    var i = (z * plane) + (y * hu.Width) + x;
                    double dz = (z - cz) * hu.SpacingZ, dy = (y - cy) * hu.SpacingY, dx = (x - cx) * hu.SpacingX;
                    var distance = Math.Sqrt((dz * dz) + (dy * dy) + (dx * dx));
                    if (distance > outerMm)
                    {
                        continue;
                    }

                    region.Add(i);
                    if (distance > radiusMm && liver[i] && !masses[i])
                    {
                        surround.Add(i);
                        around += hu.Values[i];
                    }
                }
            }
        }

        // Toward the parenchyma: up for a hypodense mass, down for a hyperdense one.
        var contrast = (around / Math.Max(1, surround.Count)) - (inside / voxels.Length);
        return new Target(voxels, [.. surround], [.. region], contrast >= 0 ? 1 : -1);
    }
}
