namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>
/// Samples an <see cref="AbdomenAnatomy"/> on a CT grid: each voxel averages sub-samples across the
/// slice thickness (partial volume), labels come from the voxel centre, then correlated noise (and, for
/// the second generator, streaks) is added and values are rounded to whole HU as a scanner stores them.
/// </summary>
internal static class AbdomenCtRenderer
{
    private const double AirHu = -1000;

    public static (float[] Hu, byte[] Labels) Render(AbdomenAnatomy anatomy, CtGrid grid, SeededRandom random)
    {
        var hu = new float[grid.Voxels];
        var labels = new byte[grid.Voxels];
        var plane = grid.Columns * grid.Rows;
        var offsets = grid.SliceThickness > grid.PixelSpacing ? new[] { -0.25, 0.25 } : new[] { 0.0 };
        Parallel.For(0, grid.Slices, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(2, Environment.ProcessorCount)) }, slice =>
        {
            var z = grid.Origin[2] + (slice * grid.SliceSpacing);
            var layers = anatomy.Layers.Where(l => l.Solid.Bounds.Min.Z <= z + grid.SliceThickness && l.Solid.Bounds.Max.Z >= z - grid.SliceThickness).ToArray();
            for (var row = 0; row < grid.Rows; row++)
            {
                for (var column = 0; column < grid.Columns; column++)
                {
                    var p = grid.Position(column, row, slice);
                    var sum = 0.0;
                    foreach (var offset in offsets)
                    {
                        sum += Sample(layers, p with { Z = p.Z + (offset * grid.SliceThickness) }).Hu;
                    }

                    var label = Sample(layers, p).Label;
                    var index = (slice * plane) + (row * grid.Columns) + column;
                    hu[index] = (float)(sum / offsets.Length);
                    labels[index] = label;
                }
            }
        });

        AddNoise(hu, grid, anatomy, random);
        for (var i = 0; i < hu.Length; i++)
        {
            hu[i] = MathF.Round(Math.Clamp(hu[i], -1024f, 3071f));
        }

        return (hu, labels);
    }

    private static (double Hu, byte Label) Sample(AnatomyLayer[] layers, Point3 p)
    {
        var value = AirHu;
        byte label = 0;
        foreach (var layer in layers)
        {
            var (min, max) = layer.Solid.Bounds;
            if (p.X < min.X || p.X > max.X || p.Y < min.Y || p.Y > max.Y || p.Z < min.Z || p.Z > max.Z)
            {
                continue;
            }

            if (layer.Within is { } within && !within.Contains(p))
            {
                continue;
            }

            if (!layer.Solid.Contains(p))
            {
                continue;
            }

            value = layer.Hu;
            if (layer.Label != LayerLabel.Keep)
            {
                label = (byte)layer.Label;
            }
        }

        return (value, label);
    }

    private static void AddNoise(float[] hu, CtGrid grid, AbdomenAnatomy anatomy, SeededRandom random)
    {
        var plane = grid.Columns * grid.Rows;
        var noise = new float[plane];
        var blurred = new float[plane];
        var kernel = Kernel(anatomy.NoiseCorrelation);
        // Blurring shrinks the spread; scale back so NoiseHu is the final standard deviation.
        var gain = (float)(1 / Math.Sqrt(kernel.Sum(k => k * k) * kernel.Sum(k => k * k)));
        for (var slice = 0; slice < grid.Slices; slice++)
        {
            for (var i = 0; i < plane; i++)
            {
                var g = random.Gaussian();
                // Heavier tails for the second generator: a Laplace-like mixture.
                noise[i] = (float)(anatomy.StreakNoise && random.Chance(0.1) ? g * 3 : g);
            }

            Convolve(noise, blurred, grid.Columns, grid.Rows, kernel, horizontal: true);
            Convolve(blurred, noise, grid.Columns, grid.Rows, kernel, horizontal: false);
            var scale = (float)anatomy.NoiseHu * gain;
            var offset = slice * plane;
            for (var i = 0; i < plane; i++)
            {
                if (hu[offset + i] > -900)
                {
                    hu[offset + i] += noise[i] * scale;
                }
            }

            if (anatomy.StreakNoise)
            {
                AddStreaks(hu.AsSpan(offset, plane), grid, random);
            }
        }
    }

    /// <summary>Beam-hardening-like streaks: a few bright and dark lines through the slice.</summary>
    private static void AddStreaks(Span<float> slice, CtGrid grid, SeededRandom random)
    {
        var count = random.Int(1, 4);
        for (var s = 0; s < count; s++)
        {
            var angle = random.Uniform(0, Math.PI);
            var amplitude = random.Uniform(-60, 60);
            var cx = (grid.Columns / 2.0) + random.Uniform(-10, 10);
            var cy = (grid.Rows / 2.0) + random.Uniform(-10, 10);
            var (dx, dy) = (Math.Cos(angle), Math.Sin(angle));
            for (var row = 0; row < grid.Rows; row++)
            {
                for (var column = 0; column < grid.Columns; column++)
                {
                    var distance = Math.Abs(((column - cx) * dy) - ((row - cy) * dx));
                    if (distance < 1.5)
                    {
                        var i = (row * grid.Columns) + column;
                        if (slice[i] > -900)
                        {
                            slice[i] += (float)(amplitude * (1 - (distance / 1.5)));
                        }
                    }
                }
            }
        }
    }

    private static float[] Kernel(double sigma)
    {
        if (sigma <= 0.01)
        {
            return [1f];
        }

        var radius = (int)Math.Ceiling(2 * sigma);
        var kernel = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => (float)Math.Exp(-(i * i) / (2 * sigma * sigma))).ToArray();
        var sum = kernel.Sum();
        return kernel.Select(k => k / sum).ToArray();
    }

    private static void Convolve(float[] source, float[] target, int width, int height, float[] kernel, bool horizontal)
    {
        var radius = kernel.Length / 2;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    var xx = horizontal ? Math.Clamp(x + k, 0, width - 1) : x;
                    var yy = horizontal ? y : Math.Clamp(y + k, 0, height - 1);
                    sum += source[(yy * width) + xx] * kernel[k + radius];
                }

                target[(y * width) + x] = sum;
            }
        }
    }
}
