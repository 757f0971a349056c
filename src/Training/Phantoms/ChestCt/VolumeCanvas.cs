namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>
/// A float HU grid in patient geometry that shapes are painted into with a soft edge one voxel wide
/// (partial volume): a voxel takes the shape's value in proportion to how far inside it lies.
/// </summary>
internal sealed class VolumeCanvas(int columns, int rows, int slices, double pixelSpacing, double sliceSpacing, (double X, double Y, double Z) origin)
{
    public int Columns => columns;

    public int Rows => rows;

    public int Slices => slices;

    public float[] Hu { get; } = new float[columns * rows * slices];

    public byte[] Labels { get; } = new byte[columns * rows * slices];

    /// <summary>The width of the soft edge (mm): about one voxel.</summary>
    public double Edge { get; } = Math.Max(pixelSpacing, Math.Min(sliceSpacing, 2 * pixelSpacing));

    public double X(int column) => origin.X + (column * pixelSpacing);

    public double Y(int row) => origin.Y + (row * pixelSpacing);

    public double Z(int slice) => origin.Z + (slice * sliceSpacing);

    public int Index(int column, int row, int slice) => (((slice * rows) + row) * columns) + column;

    /// <summary>
    /// Paints a shape given by its signed depth (mm inside the surface; negative outside) over the box
    /// around a centre; <paramref name="where"/> limits painting (to the lungs, for vessels).
    /// </summary>
    public void Paint(
        (double X, double Y, double Z) centre,
        double reach,
        Func<double, double, double, double> depth,
        Func<double, double, double, float> value,
        byte label = 0,
        Func<double, double, double, bool>? where = null)
    {
        var (c0, c1) = Range(centre.X - reach, centre.X + reach, origin.X, pixelSpacing, columns);
        var (r0, r1) = Range(centre.Y - reach, centre.Y + reach, origin.Y, pixelSpacing, rows);
        var (s0, s1) = Range(centre.Z - reach, centre.Z + reach, origin.Z, sliceSpacing, slices);
        for (var s = s0; s <= s1; s++)
        {
            var z = Z(s);
            for (var r = r0; r <= r1; r++)
            {
                var y = Y(r);
                for (var c = c0; c <= c1; c++)
                {
                    var x = X(c);
                    var d = depth(x, y, z);
                    var weight = Math.Clamp(0.5 + (d / Edge), 0, 1);
                    if (weight <= 0 || (where is not null && !where(x, y, z)))
                    {
                        continue;
                    }

                    var i = Index(c, r, s);
                    Hu[i] = (float)((Hu[i] * (1 - weight)) + (value(x, y, z) * weight));
                    if (label != 0 && weight >= 0.5)
                    {
                        Labels[i] = label;
                    }
                }
            }
        }
    }

    private static (int Low, int High) Range(double low, double high, double start, double step, int count) =>
        (Math.Max(0, (int)Math.Floor((low - start) / step)), Math.Min(count - 1, (int)Math.Ceiling((high - start) / step)));
}
