using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>
/// Samples a <see cref="PelvisAnatomy"/> on an MR grid: each voxel averages three sub-samples across the
/// slice thickness (partial volume), labels come from the voxel centre; then a smooth multiplicative
/// bias field (a random second-order polynomial in the exponent, or a surface-coil fall-off for the
/// second generator), the receiver gain (a random global scale), Rician noise (the magnitude of signal
/// plus complex Gaussian noise) and rounding to the stored integers.
/// </summary>
internal static class PelvisMrRenderer
{
    /// <summary>Stored value of signal 1 (urine) at gain 1.</summary>
    public const double BaseGain = 1000;

    public static (float[] Pixels, byte[] Labels, double? InvasionDepth) Render(PelvisAnatomy anatomy, MrGrid grid, SeededRandom random, PelvisMrStyle style, PelvisMrVariation variation)
    {
        var signal = new double[grid.Voxels];
        var labels = new byte[grid.Voxels];
        var plane = grid.Columns * grid.Rows;
        var offsets = new[] { -1 / 3.0, 0, 1 / 3.0 };
        var normal = grid.Normal;
        var depths = new double[grid.Slices];
        Parallel.For(0, grid.Slices, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(2, Environment.ProcessorCount)) }, slice =>
        {
            var deepest = 0.0;
            for (var row = 0; row < grid.Rows; row++)
            {
                for (var column = 0; column < grid.Columns; column++)
                {
                    var p = grid.Position(column, row, slice);
                    var sum = 0.0;
                    byte label = 0;
                    foreach (var offset in offsets)
                    {
                        var s = offset * grid.SliceThickness;
                        var sample = anatomy.Sample(p + new Point3(s * normal[0], s * normal[1], s * normal[2]));
                        sum += sample.Signal;
                        if (offset == 0)
                        {
                            label = sample.Label;
                            deepest = label == 2 ? Math.Max(deepest, sample.Depth) : deepest;
                        }
                    }

                    var index = (slice * plane) + (row * grid.Columns) + column;
                    signal[index] = sum / offsets.Length;
                    labels[index] = label;
                }
            }

            depths[slice] = deepest;
        });

        var gain = BaseGain * Math.Exp(random.Uniform(Math.Log(0.4), Math.Log(2.5))) * variation.IntensityFactor;
        var noise = random.Uniform(0.015, 0.045) * gain;
        var bias = style == PelvisMrStyle.Alternate ? CoilBias(grid, random) : PolynomialBias(grid, random, variation.BiasFactor);
        if (style == PelvisMrStyle.Alternate)
        {
            Ghost(signal, grid, random.Uniform(0.04, 0.1));
        }

        var pixels = new float[signal.Length];
        for (var i = 0; i < signal.Length; i++)
        {
            var s = signal[i] * bias[i] * gain;
            var real = s + (noise * random.Gaussian());
            var imaginary = noise * random.Gaussian();
            pixels[i] = (float)Math.Clamp(Math.Round(Math.Sqrt((real * real) + (imaginary * imaginary))), 0, 65535);
        }

        double? invasion = anatomy.Tumour is null || !labels.Contains((byte)2) ? null : Math.Round(depths.Max(), 3);
        return (pixels, labels, invasion);
    }

    /// <summary>exp of a random second-order polynomial of position (sd 0.15 per term × factor): a smooth field of roughly ±30-50%.</summary>
    internal static double[] PolynomialBias(MrGrid grid, SeededRandom random, double factor)
    {
        var c = Enumerable.Range(0, 9).Select(_ => random.Gaussian() * 0.15 * factor).ToArray();
        var field = new double[grid.Voxels];
        var plane = grid.Columns * grid.Rows;
        for (var slice = 0; slice < grid.Slices; slice++)
        {
            for (var row = 0; row < grid.Rows; row++)
            {
                for (var column = 0; column < grid.Columns; column++)
                {
                    var p = grid.Position(column, row, slice);
                    double x = p.X / 150, y = p.Y / 150, z = p.Z / 150;
                    var e = (c[0] * x) + (c[1] * y) + (c[2] * z) + (c[3] * x * x) + (c[4] * y * y) + (c[5] * z * z) + (c[6] * x * y) + (c[7] * y * z) + (c[8] * x * z);
                    field[(slice * plane) + (row * grid.Columns) + column] = Math.Exp(e);
                }
            }
        }

        return field;
    }

    /// <summary>Anterior and posterior surface coils: bright near the skin, darker in the middle of the pelvis.</summary>
    private static double[] CoilBias(MrGrid grid, SeededRandom random)
    {
        var anterior = random.Uniform(-140, -100);
        var posterior = random.Uniform(100, 140);
        var (fallA, fallP) = (random.Uniform(50, 90), random.Uniform(60, 110));
        var field = new double[grid.Voxels];
        var plane = grid.Columns * grid.Rows;
        for (var slice = 0; slice < grid.Slices; slice++)
        {
            for (var row = 0; row < grid.Rows; row++)
            {
                for (var column = 0; column < grid.Columns; column++)
                {
                    var p = grid.Position(column, row, slice);
                    field[(slice * plane) + (row * grid.Columns) + column] = 0.45 + (0.9 * Math.Exp(-Math.Abs(p.Y - anterior) / fallA)) + (0.6 * Math.Exp(-Math.Abs(posterior - p.Y) / fallP));
                }
            }
        }

        return field;
    }

    /// <summary>Phase-encode ghosting (motion): a faint copy of each slice shifted by a third of the rows.</summary>
    private static void Ghost(double[] signal, MrGrid grid, double strength)
    {
        var plane = grid.Columns * grid.Rows;
        var shift = grid.Rows / 3;
        var copy = (double[])signal.Clone();
        for (var slice = 0; slice < grid.Slices; slice++)
        {
            for (var row = 0; row < grid.Rows; row++)
            {
                var from = (row + shift) % grid.Rows;
                for (var column = 0; column < grid.Columns; column++)
                {
                    signal[(slice * plane) + (row * grid.Columns) + column] += strength * copy[(slice * plane) + (from * grid.Columns) + column];
                }
            }
        }
    }
}
