namespace RadCnn.Bench.Segmentation;

/// <summary>
/// A labelled mass and the tissue around it, for contrast-to-noise figures: the mean of the mass's voxels and the
/// values of its shell, the unlabelled voxels within a neighbourhood (given as offsets) of any of them. Callers
/// keep their own statistics of the shell.
/// </summary>
internal static class MassShell
{
    /// <summary>The mean inside component <paramref name="label"/> (NaN when it has no voxel) and its shell's values.</summary>
    public static (double InsideMean, List<double> Shell) Measure(float[] values, int[] labels, int label, int depth, int height, int width, IReadOnlyList<(int Z, int Y, int X)> offsets)
    {
        double inside = 0;
        var n = 0;
        var shell = new HashSet<int>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] != label)
            {
                continue;
            }

            inside += values[i];
            n++;
            var (z, y, x) = (i / (height * width), (i / width) % height, i % width);
            foreach (var (dz, dy, dx) in offsets)
            {
                var (zz, yy, xx) = (z + dz, y + dy, x + dx);
                if (zz >= 0 && zz < depth && yy >= 0 && yy < height && xx >= 0 && xx < width && labels[(((zz * height) + yy) * width) + xx] == 0)
                {
                    shell.Add((((zz * height) + yy) * width) + xx);
                }
            }
        }

        return (n == 0 ? double.NaN : inside / n, shell.Select(i => (double)values[i]).ToList());
    }

    /// <summary>Every offset of the cube of <paramref name="radius"/> voxels around a voxel.</summary>
    public static IReadOnlyList<(int Z, int Y, int X)> Cube(int radius) =>
        [.. from dz in Enumerable.Range(-radius, (2 * radius) + 1) from dy in Enumerable.Range(-radius, (2 * radius) + 1) from dx in Enumerable.Range(-radius, (2 * radius) + 1) select (dz, dy, dx)];

    /// <summary>The offsets within <paramref name="mm"/> of a voxel on a grid of the given spacing.</summary>
    public static IReadOnlyList<(int Z, int Y, int X)> Ball(double mm, double spacingZ, double spacingY, double spacingX)
    {
        var (rz, ry, rx) = ((int)Math.Ceiling(mm / spacingZ), (int)Math.Ceiling(mm / spacingY), (int)Math.Ceiling(mm / spacingX));
        return [.. from dz in Enumerable.Range(-rz, (2 * rz) + 1)
                   from dy in Enumerable.Range(-ry, (2 * ry) + 1)
                   from dx in Enumerable.Range(-rx, (2 * rx) + 1)
                   where Math.Pow(dz * spacingZ, 2) + Math.Pow(dy * spacingY, 2) + Math.Pow(dx * spacingX, 2) <= mm * mm
                   select (dz, dy, dx)];
    }

    /// <summary>Mean and sample standard deviation (n − 1) of the shell's values.</summary>
    public static (double Mean, double Sd) MeanAndSd(List<double> shell)
    {
        var mean = shell.Average();
        return (mean, Math.Sqrt(shell.Sum(v => (v - mean) * (v - mean)) / (shell.Count - 1)));
    }
}
