namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// Parallel-beam forward projection (the Radon transform) of a square image, in scikit-image's
/// convention so the two can be checked against each other: the rotation axis is pixel (n/2, n/2),
/// detector bin d lies at t = d − n/2, angle 0 sums each column down the rows, and each ray is
/// sampled once per row with bilinear interpolation (zero outside the image). Values are line
/// integrals in pixel units: multiply by the pixel size to get physical units.
/// </summary>
public static class ParallelBeamProjector
{
    /// <summary><paramref name="views"/> angles evenly over [0°, 180°).</summary>
    public static double[] Angles(int views)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(views, 1);
        return Enumerable.Range(0, views).Select(i => 180.0 * i / views).ToArray();
    }

    /// <summary>The sinogram, [view][detector], n detectors per view, of a row-major n × n image that is zero outside its inscribed circle.</summary>
    public static float[] Forward(ReadOnlySpan<float> image, int size, IReadOnlyList<double> anglesDegrees)
    {
        ArgumentNullException.ThrowIfNull(anglesDegrees);
        if (image.Length != size * size)
        {
            throw new ArgumentException($"a {size}x{size} image needs {size * size} values, not {image.Length}", nameof(image));
        }

        var pixels = image.ToArray();
        var sinogram = new float[anglesDegrees.Count * size];
        var center = size / 2;
        Parallel.For(0, anglesDegrees.Count, view =>
        {
            var angle = anglesDegrees[view] * Math.PI / 180;
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            for (var d = 0; d < size; d++)
            {
                var t = d - center;
                var sum = 0.0;
                for (var row = 0; row < size; row++)
                {
                    var s = row - center;
                    sum += Bilinear(pixels, size, center + (t * cos) + (s * sin), center - (t * sin) + (s * cos));
                }

                sinogram[(view * size) + d] = (float)sum;
            }
        });
        return sinogram;
    }

    private static double Bilinear(float[] pixels, int size, double column, double row)
    {
        var c0 = (int)Math.Floor(column);
        var r0 = (int)Math.Floor(row);
        if (c0 < -1 || r0 < -1 || c0 >= size || r0 >= size)
        {
            return 0;
        }

        double fc = column - c0, fr = row - r0;
        return (Pixel(pixels, size, r0, c0) * (1 - fc) * (1 - fr))
            + (Pixel(pixels, size, r0, c0 + 1) * fc * (1 - fr))
            + (Pixel(pixels, size, r0 + 1, c0) * (1 - fc) * fr)
            + (Pixel(pixels, size, r0 + 1, c0 + 1) * fc * fr);
    }

    private static double Pixel(float[] pixels, int size, int row, int column) =>
        (uint)row < (uint)size && (uint)column < (uint)size ? pixels[(row * size) + column] : 0;
}
