namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// Filtered back-projection of a parallel-beam sinogram from <see cref="ParallelBeamProjector"/>,
/// following scikit-image's <c>iradon</c> (circle=True, linear interpolation): the sinogram is
/// zero-padded to the image diagonal and then to a power of two, filtered in the Fourier domain
/// with the ramp built from its spatial form (Kak and Slaney, eq. 61; no DC bias), optionally
/// windowed by a Hann window, and back-projected; outside the inscribed circle is zero.
/// </summary>
public static class FilteredBackProjection
{
    /// <summary>The n × n image, row-major, in the sinogram's units per pixel.</summary>
    public static float[] Reconstruct(ReadOnlySpan<float> sinogram, int size, IReadOnlyList<double> anglesDegrees, ReconstructionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(anglesDegrees);
        var views = anglesDegrees.Count;
        if (sinogram.Length != views * size)
        {
            throw new ArgumentException($"{views} views of {size} detectors need {views * size} values, not {sinogram.Length}", nameof(sinogram));
        }

        var diagonal = (int)Math.Ceiling(Math.Sqrt(2) * size);
        var padBefore = (diagonal / 2) - (size / 2);
        var padded = Math.Max(64, 1 << (int)Math.Ceiling(Math.Log2(2 * diagonal)));
        var response = FourierFilter(padded, filter);
        var filtered = new double[views * diagonal];
        var input = sinogram.ToArray();
        Parallel.For(0, views, view =>
        {
            var re = new double[padded];
            var im = new double[padded];
            for (var d = 0; d < size; d++)
            {
                re[padBefore + d] = input[(view * size) + d];
            }

            Fft.Transform(re, im, inverse: false);
            for (var k = 0; k < padded; k++)
            {
                re[k] *= response[k];
                im[k] *= response[k];
            }

            Fft.Transform(re, im, inverse: true);
            Array.Copy(re, 0, filtered, view * diagonal, diagonal);
        });

        var image = new float[size * size];
        var radius = size / 2;
        var half = diagonal / 2;
        var cosines = anglesDegrees.Select(a => Math.Cos(a * Math.PI / 180)).ToArray();
        var sines = anglesDegrees.Select(a => Math.Sin(a * Math.PI / 180)).ToArray();
        var scale = Math.PI / (2 * views);
        Parallel.For(0, size, row =>
        {
            var x = row - radius;
            for (var column = 0; column < size; column++)
            {
                var y = column - radius;
                if ((x * x) + (y * y) > radius * radius)
                {
                    continue;
                }

                var sum = 0.0;
                for (var view = 0; view < views; view++)
                {
                    // Detector coordinate of this pixel, as a fractional index into the padded projection.
                    var t = (y * cosines[view]) - (x * sines[view]) + half;
                    var i0 = (int)Math.Floor(t);
                    if (i0 < 0 || i0 > diagonal - 1)
                    {
                        continue;
                    }

                    var offset = view * diagonal;
                    sum += i0 == diagonal - 1 ? filtered[offset + i0] : filtered[offset + i0] + ((t - i0) * (filtered[offset + i0 + 1] - filtered[offset + i0]));
                }

                image[(row * size) + column] = (float)(sum * scale);
            }
        });
        return image;
    }

    /// <summary>The frequency response over <paramref name="size"/> bins (FFT order).</summary>
    internal static double[] FourierFilter(int size, ReconstructionFilter filter)
    {
        var re = new double[size];
        var im = new double[size];
        re[0] = 0.25;
        for (var i = 1; i < size; i += 2)
        {
            var n = i <= size / 2 ? i : size - i;
            re[i] = -1 / Math.Pow(Math.PI * n, 2);
        }

        Fft.Transform(re, im, inverse: false);
        var response = new double[size];
        for (var k = 0; k < size; k++)
        {
            response[k] = 2 * re[k];
        }

        if (filter == ReconstructionFilter.Hann)
        {
            // numpy's hanning(size), fft-shifted so its peak sits at frequency zero.
            for (var k = 0; k < size; k++)
            {
                var shifted = (k + (size / 2)) % size;
                response[k] *= 0.5 - (0.5 * Math.Cos(2 * Math.PI * shifted / (size - 1)));
            }
        }

        return response;
    }
}
