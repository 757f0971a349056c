namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// What MR varies between scanners and coils, drawn per training volume: a global gain ×0.5-2 and,
/// four times in five, a smooth multiplicative bias field exp(p), p a random second-order polynomial of
/// the normalised voxel position (sd 0.25 per term, stronger than the phantom's own field).
/// </summary>
internal static class IntensityAugmentation
{
    public static float[] Apply(float[] voxels, int slices, int rows, int columns, Random random)
    {
#pragma warning disable CA5394 // seeded augmentation, not security
        var gain = Math.Exp((random.NextDouble() * 2 - 1) * Math.Log(2));
        var c = new double[9];
        if (random.NextDouble() < 0.8)
        {
            for (var i = 0; i < c.Length; i++)
            {
                c[i] = Gaussian(random) * 0.25;
            }
        }
#pragma warning restore CA5394

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
                    output[i] = (float)(voxels[i] * gain * Math.Exp(e));
                }
            }
        }

        return output;
    }

#pragma warning disable CA5394
    private static double Gaussian(Random random) => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
#pragma warning restore CA5394
}
