using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Data;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// One classical mass candidate: its centre (source voxel), radius, sign (−1 hypodense, +1 hyperdense), its
/// difference-of-Gaussians response in liver SDs, and its blobness (0 for a tube or a plate, 1 for a sphere).
/// </summary>
internal sealed record MassBlob(int Z, int Y, int X, double RadiusMm, int Sign, double Response, double Blobness)
{
    /// <summary>The ranking score: the response weighted by the blobness, so a vessel of a mass's contrast ranks below it.</summary>
    public double Score => Response * Blobness;
}

/// <summary>
/// Classical liver-mass candidates (a feasibility stage, not part of the cascade): the HU volume inside a liver mask,
/// the outside filled with the parenchyma's median so the liver's own border makes no blob (or read by a normalised
/// convolution, <see cref="MassBlobResponse"/>, so a mass cut by the liver's edge keeps its contrast), a centre-minus-surround
/// difference of Gaussians (centre σ = r/2, surround σ = r, in millimetres on the source grid) for radii of 5-28 mm,
/// local extrema of either sign inside the liver scored in robust SDs of that scale's response over the liver, strongest first with
/// non-maximum suppression across scales. A sphere answers in all three axes and a vessel of the same calibre only
/// across its two, so vessels score lower at equal contrast; they remain the expected false positives.
/// </summary>
internal static class MassBlobDetector
{
    /// <summary>Candidate radii (mm): 10-56 mm objects, and 5 mm ones to find the small ones at all.</summary>
    public static readonly double[] RadiiMm = [2.5, 3.5, 5, 7, 10, 14, 20, 28];

    /// <summary>The light smoothing (mm) before the parenchyma level and the candidate masks.</summary>
    public const double SmoothingMm = 1.5;

    /// <summary>How far (mm) inside the liver mask the HU are trusted (the border's partial volume lies outside).</summary>
    public const double ErosionMm = 4;

    /// <summary>Largest deviation from the parenchyma (HU) the candidates see: about the strongest mass contrast.</summary>
    public const double ClipHu = 50;

    /// <summary>
    /// Two peaks are one candidate when closer than the smaller radius plus this (mm): a small mass beside a large one
    /// keeps its own candidate.
    /// </summary>
    public const double MergeMm = 3;

    /// <summary>Median HU of the liver and 1.4826 × the median absolute deviation (the SD of its parenchyma, robust to masses and vessels; <see cref="RobustLevel"/>); NaN for an empty liver.</summary>
    public static (double Median, double Sd) ParenchymaLevel(float[] values, bool[] liver) =>
        RobustLevel.Of(values, liver) is { } level ? (level.Median, Math.Max(level.Sd, 1e-3)) : (double.NaN, double.NaN);

    /// <summary>Candidates with a score of at least <paramref name="minimumScore"/>, strongest first, at most <paramref name="maximum"/>.</summary>
    /// <remarks>
    /// <paramref name="blobnessPower"/> weights the blobness in the score (0: the response alone); <paramref name="erosionMm"/> is
    /// how far inside the mask the HU are trusted (0: the whole mask); <paramref name="response"/> how the blur treats the
    /// untrusted voxels (see <see cref="MassBlobResponse"/>).
    /// </remarks>
    public static IReadOnlyList<MassBlob> Find(CtVolume hu, bool[] liver, double minimumScore = 0.5, int maximum = 100, double blobnessPower = 1, double erosionMm = ErosionMm, MassBlobResponse response = MassBlobResponse.MedianFill)
    {
        if (!Enum.IsDefined(response))
        {
            throw new ArgumentOutOfRangeException(nameof(response), response, "unknown mass blob response");
        }

        if (!(erosionMm >= 0) || !double.IsFinite(erosionMm))
        {
            throw new ArgumentOutOfRangeException(nameof(erosionMm), erosionMm, "the erosion must be 0 mm or more");
        }

        var smooth = Gaussian(hu, hu.Values, SmoothingMm);
        var (median, sd) = ParenchymaLevel(smooth, liver);
        if (double.IsNaN(median))
        {
            return [];
        }

        // The liver's outermost voxels average with fat (partial volume): left in, they ring the liver with a
        // hypodense rim that outscores every mass, so only the eroded liver keeps its HU.
        var interior = Erode(hu, liver, erosionMm);
        // Deviations clipped to the masses' contrast: a portal vessel 60-90 HU above the liver otherwise outscores any mass.
        var filled = new float[hu.Count];
        for (var i = 0; i < filled.Length; i++)
        {
            filled[i] = interior[i] ? (float)(median + Math.Clamp(hu.Values[i] - median, -ClipHu, ClipHu)) : (float)median;
        }

        var normalisedCentre = response != MassBlobResponse.MedianFill;
        var normalisedSurround = normalisedCentre && response != MassBlobResponse.WeightedCentre;
        var weight = normalisedCentre ? Array.ConvertAll(interior, b => b ? 1f : 0f) : null;
        // The untrusted voxels carry no weight in a normalised blur, so what they hold does not matter: zero keeps the products exact.
        var weighted = normalisedCentre ? filled.Select((v, i) => interior[i] ? v : 0f).ToArray() : null;

        // A mass whose centre sits in the partial-volume rim is still a liver mass: the normalised response is defined there.
        var searched = normalisedCentre ? liver : interior;
        var peaks = new List<MassBlob>();
        foreach (var radius in RadiiMm)
        {
            // The trusted share of the centre's kernel: the normalised centre's denominator and the weighted centre's √w.
            var centreShare = normalisedCentre ? Gaussian(hu, weight!, radius / 2) : null;
            var centre = normalisedCentre ? Normalised(Gaussian(hu, weighted!, radius / 2), centreShare!, median) : Gaussian(hu, filled, radius / 2);
            var surround = normalisedSurround ? NormalisedGaussian(hu, weighted!, weight!, radius, median) : Gaussian(hu, filled, radius);
            // Each scale in its own robust SD over the liver: fine scales see the noise, coarse ones barely, so a raw
            // difference would rank specks of noise above a 40 mm mass.
            var scaled = new float[hu.Count];
            for (var i = 0; i < scaled.Length; i++)
            {
                scaled[i] = centre[i] - surround[i];
            }

            if (response == MassBlobResponse.WeightedCentre)
            {
                for (var i = 0; i < scaled.Length; i++)
                {
                    scaled[i] *= MathF.Sqrt(Math.Clamp(centreShare![i], 0f, 1f));
                }
            }

            var (level, spread) = ParenchymaLevel(scaled, interior);
            for (var i = 0; i < scaled.Length; i++)
            {
                scaled[i] = (float)((scaled[i] - level) / spread);
            }

            peaks.AddRange(Extrema(hu, searched, scaled, radius, minimumScore).Select(p => p with { Blobness = Math.Pow(Blobness(hu, centre, p), blobnessPower) }));
        }

        var kept = new List<MassBlob>();
        foreach (var peak in peaks.OrderByDescending(p => p.Score))
        {
            if (kept.Count >= maximum)
            {
                break;
            }

            if (!kept.Any(k => DistanceMm(hu, k, peak.Z, peak.Y, peak.X) < Math.Min(k.RadiusMm, peak.RadiusMm) + MergeMm))
            {
                kept.Add(peak);
            }
        }

        return kept;
    }

    /// <summary>
    /// A mask from candidates: around each, the liver voxels within 1.5 radii whose lightly smoothed HU lies beyond the
    /// parenchyma level by <paramref name="k"/> robust SDs on the candidate's side (with <paramref name="halfContrast"/>, by at
    /// least half the way to the candidate's core, the mean within half its radius: a strong mass's edge lies at half its
    /// contrast, not where it first leaves the noise), the component holding (or nearest) the centre.
    /// </summary>
    public static bool[] Mask(CtVolume hu, bool[] liver, IEnumerable<MassBlob> blobs, double k, bool halfContrast = false)
    {
        var smooth = Gaussian(hu, hu.Values, SmoothingMm);
        var (median, sd) = ParenchymaLevel(smooth, liver);
        var mask = new bool[hu.Count];
        foreach (var blob in blobs)
        {
            var reach = 1.5 * blob.RadiusMm;
            var cut = k * sd;
            if (halfContrast)
            {
                double sum = 0;
                var n = 0;
                ForBall(hu, blob, blob.RadiusMm / 2, i =>
                {
                    sum += smooth[i];
                    n++;
                });
                cut = Math.Max(cut, 0.5 * blob.Sign * ((sum / Math.Max(1, n)) - median));
            }

            var region = new bool[hu.Count];
            var any = false;
            ForBall(hu, blob, reach, i =>
            {
                if (liver[i] && blob.Sign * (smooth[i] - median) > cut)
                {
                    region[i] = true;
                    any = true;
                }
            });
            if (!any)
            {
                continue;
            }

            var (labels, _) = ConnectedComponents.Label(region, hu.Depth, hu.Height, hu.Width);
            var label = NearestLabel(hu, labels, blob, reach);
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i] |= label != 0 && labels[i] == label;
            }
        }

        return mask;
    }

    public static double DistanceMm(CtVolume hu, MassBlob blob, double z, double y, double x)
    {
        var dz = (blob.Z - z) * hu.SpacingZ;
        var dy = (blob.Y - y) * hu.SpacingY;
        var dx = (blob.X - x) * hu.SpacingX;
        return Math.Sqrt((dz * dz) + (dy * dy) + (dx * dx));
    }

    private static int NearestLabel(CtVolume hu, int[] labels, MassBlob blob, double reach)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        ForBall(hu, blob, reach, i =>
        {
            if (labels[i] == 0)
            {
                return;
            }

            var plane = hu.Height * hu.Width;
            var d = DistanceMm(hu, blob, i / plane, i % plane / hu.Width, i % hu.Width);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = labels[i];
            }
        });
        return best;
    }

    private static void ForBall(CtVolume hu, MassBlob blob, double reachMm, Action<int> visit)
    {
        var rz = (int)Math.Ceiling(reachMm / hu.SpacingZ);
        var ry = (int)Math.Ceiling(reachMm / hu.SpacingY);
        var rx = (int)Math.Ceiling(reachMm / hu.SpacingX);
        for (var z = Math.Max(0, blob.Z - rz); z <= Math.Min(hu.Depth - 1, blob.Z + rz); z++)
        {
            for (var y = Math.Max(0, blob.Y - ry); y <= Math.Min(hu.Height - 1, blob.Y + ry); y++)
            {
                for (var x = Math.Max(0, blob.X - rx); x <= Math.Min(hu.Width - 1, blob.X + rx); x++)
                {
                    if (DistanceMm(hu, blob, z, y, x) <= reachMm)
                    {
                        visit((((z * hu.Height) + y) * hu.Width) + x);
                    }
                }
            }
        }
    }

    /// <summary>
    /// How round the candidate is at its scale: the Hessian of the smoothed volume at its centre (central differences in mm),
    /// the weakest curvature of the candidate's sign over the strongest curvature of any sign, clipped to [0, 1]. A sphere
    /// curves equally on all three axes (1); a tube not along its axis (0); a plate on only one axis (0).
    /// </summary>
    internal static double Blobness(CtVolume grid, float[] smooth, MassBlob blob)
    {
        double At(int z, int y, int x) => smooth[(((Math.Clamp(z, 0, grid.Depth - 1) * grid.Height) + Math.Clamp(y, 0, grid.Height - 1)) * grid.Width) + Math.Clamp(x, 0, grid.Width - 1)];
        int z0 = blob.Z, y0 = blob.Y, x0 = blob.X;
        double hz = grid.SpacingZ, hy = grid.SpacingY, hx = grid.SpacingX;
        var c = At(z0, y0, x0);
        var zz = (At(z0 + 1, y0, x0) - (2 * c) + At(z0 - 1, y0, x0)) / (hz * hz);
        var yy = (At(z0, y0 + 1, x0) - (2 * c) + At(z0, y0 - 1, x0)) / (hy * hy);
        var xx = (At(z0, y0, x0 + 1) - (2 * c) + At(z0, y0, x0 - 1)) / (hx * hx);
        var zy = (At(z0 + 1, y0 + 1, x0) - At(z0 + 1, y0 - 1, x0) - At(z0 - 1, y0 + 1, x0) + At(z0 - 1, y0 - 1, x0)) / (4 * hz * hy);
        var zx = (At(z0 + 1, y0, x0 + 1) - At(z0 + 1, y0, x0 - 1) - At(z0 - 1, y0, x0 + 1) + At(z0 - 1, y0, x0 - 1)) / (4 * hz * hx);
        var yx = (At(z0, y0 + 1, x0 + 1) - At(z0, y0 + 1, x0 - 1) - At(z0, y0 - 1, x0 + 1) + At(z0, y0 - 1, x0 - 1)) / (4 * hy * hx);
        var eigen = SymmetricEigenvalues(zz, yy, xx, zy, zx, yx);

        // A dark blob is a minimum (positive curvatures), a bright one a maximum (negative): curvature of the blob's sign is −sign·λ.
        var own = eigen.Select(l => -blob.Sign * l).ToArray();
        var strongest = eigen.Max(Math.Abs);
        return strongest <= 0 ? 0 : Math.Clamp(own.Min() / strongest, 0, 1);
    }

    /// <summary>Eigenvalues of a symmetric 3×3 matrix (trigonometric closed form).</summary>
    private static double[] SymmetricEigenvalues(double a, double b, double c, double ab, double ac, double bc)
    {
        var off = (ab * ab) + (ac * ac) + (bc * bc);
        if (off < 1e-18)
        {
            return [a, b, c];
        }

        var q = (a + b + c) / 3;
        var p = Math.Sqrt((((a - q) * (a - q)) + ((b - q) * (b - q)) + ((c - q) * (c - q)) + (2 * off)) / 6);
        double ba = (a - q) / p, bb = (b - q) / p, bcc = (c - q) / p, bab = ab / p, bac = ac / p, bbc = bc / p;
        var det = (ba * ((bb * bcc) - (bbc * bbc))) - (bab * ((bab * bcc) - (bbc * bac))) + (bac * ((bab * bbc) - (bb * bac)));
        var phi = Math.Acos(Math.Clamp(det / 2, -1, 1)) / 3;
        var first = q + (2 * p * Math.Cos(phi));
        var third = q + (2 * p * Math.Cos(phi + (2 * Math.PI / 3)));
        return [first, (3 * q) - first - third, third];
    }

    /// <summary>
    /// The blur of <paramref name="values"/> × <paramref name="weight"/> over the blur of <paramref name="weight"/> (the values
    /// zero where the weight is): the weighted mean of the trusted voxels near each voxel. Where under 1% of the kernel is
    /// trusted the value is <paramref name="fallback"/> (the parenchyma's median), so no voxel divides noise by nearly nothing.
    /// </summary>
    internal static float[] NormalisedGaussian(CtVolume grid, float[] values, float[] weight, double sigmaMm, double fallback) =>
        Normalised(Gaussian(grid, values, sigmaMm), Gaussian(grid, weight, sigmaMm), fallback);

    /// <summary>
    /// <paramref name="blurredValues"/> over <paramref name="share"/> (the same kernel's blur of the weight, the trusted share
    /// of it), <paramref name="fallback"/> where that share is under 1%: <see cref="NormalisedGaussian"/> for a caller that
    /// also needs the share.
    /// </summary>
    private static float[] Normalised(float[] blurredValues, float[] share, double fallback)
    {
        var result = new float[blurredValues.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = share[i] >= 0.01f ? blurredValues[i] / share[i] : (float)fallback;
        }

        return result;
    }

    /// <summary>The mask less every voxel within <paramref name="mm"/> of a voxel outside it (box neighbourhood in mm on each axis); 0 mm leaves it whole.</summary>
    internal static bool[] Erode(CtVolume grid, bool[] mask, double mm)
    {
        var result = (bool[])mask.Clone();
        if (mm <= 0)
        {
            return result;
        }

        foreach (var (length, stride, spacing) in new[] { (grid.Depth, grid.Height * grid.Width, grid.SpacingZ), (grid.Height, grid.Width, grid.SpacingY), (grid.Width, 1, grid.SpacingX) })
        {
            // At least one voxel on every axis: thick slices carry the most partial volume.
            var reach = Math.Max(1, (int)Math.Floor(mm / spacing));
            if (reach < 1)
            {
                continue;
            }

            var source = (bool[])result.Clone();
            var block = length * stride;
            for (var outer = 0; outer < grid.Count; outer += block)
            {
                for (var inner = 0; inner < stride; inner++)
                {
                    for (var j = 0; j < length; j++)
                    {
                        var i = outer + inner + (j * stride);
                        if (!source[i])
                        {
                            continue;
                        }

                        for (var k = Math.Max(0, j - reach); k <= Math.Min(length - 1, j + reach) && result[i]; k++)
                        {
                            result[i] = source[outer + inner + (k * stride)];
                        }

                        if (j - reach < 0 || j + reach > length - 1)
                        {
                            result[i] = false;
                        }
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Voxels inside the liver whose response is the strongest of its sign among their 26 neighbours.</summary>
    private static IEnumerable<MassBlob> Extrema(CtVolume hu, bool[] liver, float[] response, double radius, double minimumScore)
    {
        for (var z = 0; z < hu.Depth; z++)
        {
            for (var y = 0; y < hu.Height; y++)
            {
                for (var x = 0; x < hu.Width; x++)
                {
                    var i = (((z * hu.Height) + y) * hu.Width) + x;
                    var v = response[i];
                    if (!liver[i] || Math.Abs(v) < minimumScore)
                    {
                        continue;
                    }

                    var sign = v > 0 ? 1 : -1;
                    var extreme = true;
                    for (var dz = -1; dz <= 1 && extreme; dz++)
                    {
                        for (var dy = -1; dy <= 1 && extreme; dy++)
                        {
                            for (var dx = -1; dx <= 1 && extreme; dx++)
                            {
                                int nz = z + dz, ny = y + dy, nx = x + dx;
                                if ((dz | dy | dx) == 0 || nz < 0 || ny < 0 || nx < 0 || nz >= hu.Depth || ny >= hu.Height || nx >= hu.Width)
                                {
                                    continue;
                                }

                                extreme = sign * response[(((nz * hu.Height) + ny) * hu.Width) + nx] <= sign * v;
                            }
                        }
                    }

                    if (extreme)
                    {
                        yield return new MassBlob(z, y, x, radius, sign, Math.Abs(v), 1);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Separable Gaussian blur with σ in millimetres on the volume's own spacing, edges replicated (the shared
    /// <see cref="VolumeFilters.Gaussian"/>); an axis where σ is under 0.3 voxels is left alone.
    /// </summary>
    internal static float[] Gaussian(CtVolume grid, float[] values, double sigmaMm)
    {
        static double Voxels(double sigmaMm, double spacing) => sigmaMm / spacing >= 0.3 ? sigmaMm / spacing : 0;
        return VolumeFilters.Gaussian(values, grid.Width, grid.Height, grid.Depth, Voxels(sigmaMm, grid.SpacingX), Voxels(sigmaMm, grid.SpacingY), Voxels(sigmaMm, grid.SpacingZ));
    }
}
