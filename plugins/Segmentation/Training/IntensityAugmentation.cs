namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// What MR varies between scanners and coils, drawn per training volume: a global gain ×0.5-2 and,
/// four times in five (by default), a smooth multiplicative bias field exp(p), p a random second-order
/// polynomial of the normalised voxel position (sd 0.25 per term by default, stronger than the
/// phantom's own field); optionally a random tissue-contrast curve and a surface-coil field (<see cref="IntensityAugmentationOptions"/>).
/// </summary>
internal static class IntensityAugmentation
{
    /// <summary>Knots of the random tissue-contrast curve, evenly spaced over [0, <see cref="Uterus.MrSlices.MaxValue"/>] of the normalised scale.</summary>
    private const int CurveKnots = 9;

    public static float[] Apply(float[] voxels, int slices, int rows, int columns, Random random, IntensityAugmentationOptions options) =>
        Apply(voxels, slices, rows, columns, random, options, out _);

    /// <summary><see cref="Apply(float[], int, int, int, Random, IntensityAugmentationOptions)"/>, saying whether a contrast curve or a coil field was drawn (the same random stream).</summary>
    public static float[] Apply(float[] voxels, int slices, int rows, int columns, Random random, IntensityAugmentationOptions options, out bool contrastOrCoil)
    {
#pragma warning disable CA5394 // seeded augmentation, not security
        var gain = Math.Exp((random.NextDouble() * 2 - 1) * Math.Log(2));
        var c = new double[9];
        if (random.NextDouble() < options.BiasProbability)
        {
            for (var i = 0; i < c.Length; i++)
            {
                c[i] = Gaussian(random) * options.BiasSd;
            }
        }

        // Domain randomisation of tissue contrast: another sequence or fat suppression reorders the
        // tissues' signal, so a share of the volumes get a random piecewise-linear intensity curve (every
        // knot drawn anew, not monotone) and the network has to rely on shape and texture as well.
        float[]? curve = null;
        if (options.ContrastCurveProbability > 0 && random.NextDouble() < options.ContrastCurveProbability)
        {
            curve = new float[CurveKnots];
            for (var k = 1; k < CurveKnots; k++)
            {
                curve[k] = (float)(random.NextDouble() * 1.2);
            }
        }

        // A surface coil (or a phased array's elements) makes the signal fall off from the skin: a field
        // bright at one or both ends of a random in-plane axis and darker in the middle, far from the
        // polynomial's gentle tilt. Drawn only when asked for, so older recipes keep their random stream.
        var coil = options.CoilBiasProbability > 0 && random.NextDouble() < options.CoilBiasProbability
            ? new CoilField(random.NextDouble() < 0.5, 0.3 + (random.NextDouble() * 0.4), random.NextDouble() * 1.2, random.NextDouble() * 1.2, 0.2 + (random.NextDouble() * 0.5), 0.2 + (random.NextDouble() * 0.5))
            : null;
#pragma warning restore CA5394

        contrastOrCoil = curve is not null || coil is not null;
        if (curve is not null)
        {
            voxels = Remap(voxels, curve);
        }

        var output = new float[voxels.Length];
        var plane = rows * columns;
        for (var s = 0; s < slices; s++)
        {
            var w = slices > 1 ? (2.0 * s / (slices - 1)) - 1 : 0;
            for (var r = 0; r < rows; r++)
            {
                var v = (2.0 * r / (rows - 1)) - 1;
                for (var col = 0; col < columns; col++)
                {
                    var u = (2.0 * col / (columns - 1)) - 1;
                    var e = (c[0] * u) + (c[1] * v) + (c[2] * w) + (c[3] * u * u) + (c[4] * v * v) + (c[5] * w * w) + (c[6] * u * v) + (c[7] * v * w) + (c[8] * u * w);
                    var i = (s * plane) + (r * columns) + col;
                    var field = coil is null ? 1 : coil.At(u, v);
                    output[i] = (float)(voxels[i] * gain * Math.Exp(e) * field);
                }
            }
        }

        return output;
    }

    /// <summary>Floor plus two exponential fall-offs from the ends of the row (or column) axis, u and v in [-1, 1].</summary>
    private sealed record CoilField(bool AlongRows, double Floor, double Near, double Far, double NearFall, double FarFall)
    {
        public double At(double u, double v)
        {
            var x = AlongRows ? v : u;
            return Floor + (Near * Math.Exp(-(x + 1) / NearFall)) + (Far * Math.Exp(-(1 - x) / FarFall));
        }
    }

    /// <summary>Each voxel through the curve, on the volume's own normalised scale (so the curve means the same at any gain).</summary>
    private static float[] Remap(float[] voxels, float[] curve)
    {
        var scale = Uterus.MrSlices.RobustScale(voxels);
        var step = Uterus.MrSlices.MaxValue / (curve.Length - 1);
        var output = new float[voxels.Length];
        for (var i = 0; i < voxels.Length; i++)
        {
            var x = Math.Clamp(voxels[i] / scale, 0, Uterus.MrSlices.MaxValue) / step;
            var k = Math.Min((int)x, curve.Length - 2);
            var t = x - k;
            output[i] = scale * ((curve[k] * (1 - t)) + (curve[k + 1] * t));
        }

        return output;
    }

#pragma warning disable CA5394
    private static double Gaussian(Random random) => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
#pragma warning restore CA5394
}
