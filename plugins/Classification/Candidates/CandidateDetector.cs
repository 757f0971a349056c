using RadCnn.Abstractions.WorkItems;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Training.Data;

namespace RadCnn.Plugins.Classification.Candidates;

/// <summary>
/// Classical nodule candidates: the volume resampled to a 2 mm grid, the lungs masked, a
/// scale-normalised Laplacian of Gaussian at four scales (blobs of about 7 to 24 mm), local maxima
/// inside the lungs kept strongest first with non-maximum suppression. Sensitive by design: vessels in
/// cross-section and at branch points are kept too, and the CNNs reject them afterwards.
/// </summary>
internal sealed class CandidateDetector
{
    public const double GridMm = 2.0;

    private static readonly double[] Sigmas = [0.7, 1.0, 1.5, 2.25, 3.4];

    public int MaxCandidates { get; init; } = 80;

    public double MinResponse { get; init; } = 40;

    /// <summary>Peaks closer than this (mm) are one candidate.</summary>
    public double SeparationMm { get; init; } = 5;

    /// <summary>
    /// Radius (grid voxels) of the closing that puts vessels, and the nodules on them, inside the lung
    /// mask where a vessel runs in the slice's plane to the hilum (else the slice-wise fill leaves
    /// them out, connected as they are to the mediastinum).
    /// </summary>
    public int ClosingVoxels { get; init; } = 4;

    /// <summary>
    /// How the 2 mm grid samples the source: one trilinear value per grid point (the default, what the models were
    /// trained with) or the mean over the grid voxel's footprint where the source voxels are finer (0.6-0.9 mm pixels).
    /// </summary>
    public VolumeResampling Resampling { get; init; } = VolumeResampling.Point;

    public IReadOnlyList<NoduleCandidate> Detect(CtVolume volume)
    {
        var (grid, nx, ny, nz) = WorkingGrid(volume, Resampling);

        // Filter only the box around the lungs (with a margin for the filters' reach): about a third of the grid.
        (grid, nx, ny, nz, var offset) = CropToLungs(grid, LungMask.Compute(grid, nx, ny, nz), nx, ny, nz, margin: 6);
        var lungs = LungMask.Compute(grid, nx, ny, nz, ClosingVoxels);
        var smooth = VolumeFilters.Gaussian(grid, nx, ny, nz, 0.8, 0.8, 0.8);

        // Maxima are taken in each scale's own response, not in the maximum over the scales: a small
        // nodule beside a vessel or a larger blob is its own peak at its own scale, while the larger
        // neighbour's broad response would swallow it in the maximum over the scales.
        var maxima = new List<(int Index, int Scale, float Score, (double X, double Y, double Z) Shift)>();
        for (var k = 0; k < Sigmas.Length; k++)
        {
            var sigma = Sigmas[k];
            var g = VolumeFilters.Gaussian(grid, nx, ny, nz, sigma, sigma, sigma);
            var response = new float[grid.Length];
            var scale = (float)(sigma * sigma);
            Parallel.For(1, nz - 1, z =>
            {
                for (var y = 1; y < ny - 1; y++)
                {
                    for (var x = 1; x < nx - 1; x++)
                    {
                        var i = (((z * ny) + y) * nx) + x;
                        if (lungs[i])
                        {
                            var laplacian = g[i - 1] + g[i + 1] + g[i - nx] + g[i + nx] + g[i - (nx * ny)] + g[i + (nx * ny)] - (6 * g[i]);
                            response[i] = -scale * laplacian;
                        }
                    }
                }
            });

            for (var z = 1; z < nz - 1; z++)
            {
                for (var y = 1; y < ny - 1; y++)
                {
                    for (var x = 1; x < nx - 1; x++)
                    {
                        var i = (((z * ny) + y) * nx) + x;
                        if (response[i] < MinResponse || !lungs[i] || smooth[i] < -750 || !IsLocalMaximum(response, i, nx, ny))
                        {
                            continue;
                        }

                        var dot = Blobness(g, i, nx, ny) * scale;
                        if (dot > 0)
                        {
                            maxima.Add((i, k, dot, MassCentre(grid, nx, ny, nz, x, y, z, Math.Max(1.5, Math.Sqrt(3) * sigma))));
                        }
                    }
                }
            }
        }

        var kept = new List<NoduleCandidate>();
        foreach (var (index, k, score, shift) in maxima.OrderByDescending(m => m.Score))
        {
            var x = index % nx;
            var y = (index / nx) % ny;
            var z = index / (nx * ny);
            var centre = volume.ToPatient((x + shift.X + offset.X) * GridMm / volume.Spacing.X, (y + shift.Y + offset.Y) * GridMm / volume.Spacing.Y, (z + shift.Z + offset.Z) * GridMm / volume.Spacing.Z);
            var scaleDiameter = 2 * Math.Sqrt(3) * Sigmas[k] * GridMm;

            // The same blob seen at another scale, or a peak inside a blob already kept.
            if (kept.Any(c => Distance(c.Centre, centre) < SeparationMm))
            {
                continue;
            }

            var diameter = Diameter(grid, smooth, nx, ny, nz, x, y, z, scaleDiameter);
            kept.Add(new NoduleCandidate(centre, diameter, score));
            if (kept.Count >= MaxCandidates)
            {
                break;
            }
        }

        return kept;
    }

    /// <summary>The volume on the 2 mm working grid (x fastest), its corner on the volume's first voxel.</summary>
    internal static (float[] Grid, int Nx, int Ny, int Nz) WorkingGrid(CtVolume volume, VolumeResampling resampling)
    {
        var nx = Math.Max(8, (int)Math.Ceiling(volume.Columns * volume.Spacing.X / GridMm));
        var ny = Math.Max(8, (int)Math.Ceiling(volume.Rows * volume.Spacing.Y / GridMm));
        var nz = Math.Max(3, (int)Math.Ceiling(volume.Slices * volume.Spacing.Z / GridMm));
        var grid = new float[nx * ny * nz];
        var footprint = SampleFootprint.OfCube(volume, resampling, GridMm);
        Parallel.For(0, nz, z =>
        {
            for (var y = 0; y < ny; y++)
            {
                for (var x = 0; x < nx; x++)
                {
                    grid[(((z * ny) + y) * nx) + x] = volume.Sample(x * GridMm / volume.Spacing.X, y * GridMm / volume.Spacing.Y, z * GridMm / volume.Spacing.Z, footprint);
                }
            }
        });

        return (grid, nx, ny, nz);
    }

    /// <summary>
    /// The dot filter of Li et al. (2003): |λ3|²/|λ1| of the Hessian when all three eigenvalues are
    /// negative (a bright blob), else 0. A tube (a vessel) has one eigenvalue near 0 and scores low.
    /// </summary>
    private static float Blobness(float[] g, int i, int nx, int ny)
    {
        var sx = nx;
        var sz = nx * ny;
        double dxx = g[i + 1] - (2 * g[i]) + g[i - 1];
        double dyy = g[i + sx] - (2 * g[i]) + g[i - sx];
        double dzz = g[i + sz] - (2 * g[i]) + g[i - sz];
        double dxy = (g[i + 1 + sx] - g[i + 1 - sx] - g[i - 1 + sx] + g[i - 1 - sx]) / 4;
        double dxz = (g[i + 1 + sz] - g[i + 1 - sz] - g[i - 1 + sz] + g[i - 1 - sz]) / 4;
        double dyz = (g[i + sx + sz] - g[i + sx - sz] - g[i - sx + sz] + g[i - sx - sz]) / 4;
        var (l1, l2, l3) = SymmetricEigenvalues(dxx, dyy, dzz, dxy, dxz, dyz);
        if (l1 >= 0 || l2 >= 0 || l3 >= 0)
        {
            return 0;
        }

        var magnitudes = new[] { Math.Abs(l1), Math.Abs(l2), Math.Abs(l3) };
        Array.Sort(magnitudes);
        return (float)(magnitudes[0] * magnitudes[0] / magnitudes[2]);
    }

    /// <summary>Eigenvalues of a symmetric 3x3 matrix (trigonometric method).</summary>
    private static (double, double, double) SymmetricEigenvalues(double a, double b, double c, double d, double e, double f)
    {
        // Matrix [[a, d, e], [d, b, f], [e, f, c]].
        var p1 = (d * d) + (e * e) + (f * f);
        if (p1 < 1e-12)
        {
            return (a, b, c);
        }

        var q = (a + b + c) / 3;
        var p2 = ((a - q) * (a - q)) + ((b - q) * (b - q)) + ((c - q) * (c - q)) + (2 * p1);
        var p = Math.Sqrt(p2 / 6);
        var (ba, bb, bc, bd, be, bf) = ((a - q) / p, (b - q) / p, (c - q) / p, d / p, e / p, f / p);
        var det = (ba * ((bb * bc) - (bf * bf))) - (bd * ((bd * bc) - (bf * be))) + (be * ((bd * bf) - (bb * be)));
        var r = Math.Clamp(det / 2, -1, 1);
        var phi = Math.Acos(r) / 3;
        var eig1 = q + (2 * p * Math.Cos(phi));
        var eig3 = q + (2 * p * Math.Cos(phi + (2 * Math.PI / 3)));
        var eig2 = (3 * q) - eig1 - eig3;
        return (eig1, eig2, eig3);
    }

    private static (float[] Grid, int Nx, int Ny, int Nz, (int X, int Y, int Z) Offset) CropToLungs(float[] grid, bool[] lungs, int nx, int ny, int nz, int margin)
    {
        int x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1;
        for (var z = 0; z < nz; z++)
        {
            for (var y = 0; y < ny; y++)
            {
                for (var x = 0; x < nx; x++)
                {
                    if (lungs[(((z * ny) + y) * nx) + x])
                    {
                        (x0, y0, z0) = (Math.Min(x0, x), Math.Min(y0, y), Math.Min(z0, z));
                        (x1, y1, z1) = (Math.Max(x1, x), Math.Max(y1, y), Math.Max(z1, z));
                    }
                }
            }
        }

        if (x1 < 0)
        {
            return (grid, nx, ny, nz, (0, 0, 0));
        }

        (x0, y0, z0) = (Math.Max(0, x0 - margin), Math.Max(0, y0 - margin), Math.Max(0, z0 - margin));
        (x1, y1, z1) = (Math.Min(nx - 1, x1 + margin), Math.Min(ny - 1, y1 + margin), Math.Min(nz - 1, z1 + margin));
        var (cx, cy, cz) = (x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1);
        var cropped = new float[cx * cy * cz];
        for (var z = 0; z < cz; z++)
        {
            for (var y = 0; y < cy; y++)
            {
                Array.Copy(grid, ((((z + z0) * ny) + y + y0) * nx) + x0, cropped, ((z * cy) + y) * cx, cx);
            }
        }

        return (cropped, cx, cy, cz, (x0, y0, z0));
    }

    /// <summary>
    /// The candidate's centre as the centre of its tissue (mean shift, three steps, within the blob's
    /// radius; weight 0 at lung density, 1 at soft tissue): the response's peak sits between a nodule
    /// and a vessel it touches, often outside a small nodule's hit radius. Returns the shift in voxels.
    /// </summary>
    private static (double X, double Y, double Z) MassCentre(float[] grid, int nx, int ny, int nz, int x0, int y0, int z0, double radius)
    {
        var (cx, cy, cz) = ((double)x0, (double)y0, (double)z0);
        var reach = (int)Math.Ceiling(radius);
        for (var step = 0; step < 3; step++)
        {
            double sum = 0, sx = 0, sy = 0, sz = 0;
            var (bx, by, bz) = ((int)Math.Round(cx), (int)Math.Round(cy), (int)Math.Round(cz));
            for (var z = Math.Max(0, bz - reach); z <= Math.Min(nz - 1, bz + reach); z++)
            {
                for (var y = Math.Max(0, by - reach); y <= Math.Min(ny - 1, by + reach); y++)
                {
                    for (var x = Math.Max(0, bx - reach); x <= Math.Min(nx - 1, bx + reach); x++)
                    {
                        if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) + ((z - cz) * (z - cz)) > radius * radius)
                        {
                            continue;
                        }

                        var w = Math.Clamp((grid[(((z * ny) + y) * nx) + x] + 850) / 850.0, 0, 1);
                        (sum, sx, sy, sz) = (sum + w, sx + (w * x), sy + (w * y), sz + (w * z));
                    }
                }
            }

            if (sum < 1e-6)
            {
                break;
            }

            (cx, cy, cz) = (sx / sum, sy / sum, sz / sum);
        }

        // Never further than the blob's own radius from the peak.
        var (dx, dy, dz) = (cx - x0, cy - y0, cz - z0);
        var length = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        var limit = length > radius ? radius / length : 1;
        return (dx * limit, dy * limit, dz * limit);
    }

    private static bool IsLocalMaximum(float[] values, int i, int nx, int ny)
    {
        var v = values[i];
        for (var dz = -1; dz <= 1; dz++)
        {
            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    var j = i + (((dz * ny) + dy) * nx) + dx;
                    if (j != i && values[j] > v)
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Equivalent-sphere diameter of the connected region above half the way from lung to the centre's
    /// density, grown from the centre within a sphere a little larger than the blob's scale.
    /// </summary>
    private static double Diameter(float[] grid, float[] smooth, int nx, int ny, int nz, int x0, int y0, int z0, double scaleDiameter)
    {
        var centreHu = smooth[(((z0 * ny) + y0) * nx) + x0];
        var threshold = Math.Max(-700, (centreHu + -850) / 2);
        var reach = Math.Min(16, Math.Max(4, 0.8 * scaleDiameter)) / GridMm;
        var seen = new HashSet<int>();
        var queue = new Queue<(int X, int Y, int Z)>();
        queue.Enqueue((x0, y0, z0));
        seen.Add((((z0 * ny) + y0) * nx) + x0);
        var count = 0;
        while (queue.Count > 0)
        {
            var (x, y, z) = queue.Dequeue();
            count++;
            foreach (var (dx, dy, dz) in Neighbours)
            {
                var (a, b, c) = (x + dx, y + dy, z + dz);
                if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz)
                {
                    continue;
                }

                if (((a - x0) * (a - x0)) + ((b - y0) * (b - y0)) + ((c - z0) * (c - z0)) > reach * reach)
                {
                    continue;
                }

                var j = (((c * ny) + b) * nx) + a;
                if (grid[j] >= threshold && seen.Add(j))
                {
                    queue.Enqueue((a, b, c));
                }
            }
        }

        var volume = count * GridMm * GridMm * GridMm;
        return Math.Round(2 * Math.Cbrt(3 * volume / (4 * Math.PI)), 1);
    }

    private static readonly (int, int, int)[] Neighbours = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)];

    private static double Distance(Vector3D a, Vector3D b) =>
        Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)) + ((a.Z - b.Z) * (a.Z - b.Z)));
}
