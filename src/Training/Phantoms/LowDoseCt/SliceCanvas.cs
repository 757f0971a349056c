namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// Paints shapes in HU on a normalised square (x, y in [−1, 1], y down) with 3 × 3 supersampling, so
/// edges carry partial-volume values as a scanner's would. Later shapes replace earlier ones
/// (<see cref="Set"/>) or add to them (<see cref="Add"/>).
/// </summary>
internal sealed class SliceCanvas
{
    private const int Samples = 3;

    public SliceCanvas(int size, float background)
    {
        Size = size;
        Hu = new float[size * size];
        Array.Fill(Hu, background);
    }

    public int Size { get; }

    public float[] Hu { get; }

    /// <summary>Sets pixels inside an ellipse (centre, semi-axes, rotation in radians) to <paramref name="hu"/>, blended by coverage.</summary>
    public void Set(double cx, double cy, double ax, double ay, double angle, double hu) => Paint((x, y) => InEllipse(x, y, cx, cy, ax, ay, angle), hu, add: false);

    /// <summary>Adds <paramref name="hu"/> inside an ellipse, weighted by coverage.</summary>
    public void Add(double cx, double cy, double ax, double ay, double angle, double hu) => Paint((x, y) => InEllipse(x, y, cx, cy, ax, ay, angle), hu, add: true);

    /// <summary>Sets pixels inside any shape given as a point test.</summary>
    public void SetWhere(Func<double, double, bool> inside, double hu) => Paint(inside, hu, add: false);

    /// <summary>Adds a value computed per point (textures), everywhere <paramref name="inside"/> holds.</summary>
    public void AddField(Func<double, double, bool> inside, Func<double, double, double> value)
    {
        for (var row = 0; row < Size; row++)
        {
            for (var col = 0; col < Size; col++)
            {
                var x = ((col + 0.5) / Size * 2) - 1;
                var y = ((row + 0.5) / Size * 2) - 1;
                if (inside(x, y))
                {
                    Hu[(row * Size) + col] += (float)value(x, y);
                }
            }
        }
    }

    /// <summary>Pixel coordinates (row, column) of a normalised point.</summary>
    public (double Row, double Column) ToPixel(double x, double y) => ((((y + 1) / 2) * Size) - 0.5, (((x + 1) / 2) * Size) - 0.5);

    public static bool InEllipse(double x, double y, double cx, double cy, double ax, double ay, double angle)
    {
        double dx = x - cx, dy = y - cy;
        double c = Math.Cos(angle), s = Math.Sin(angle);
        var u = ((dx * c) + (dy * s)) / ax;
        var v = ((-dx * s) + (dy * c)) / ay;
        return (u * u) + (v * v) <= 1;
    }

    private void Paint(Func<double, double, bool> inside, double hu, bool add)
    {
        for (var row = 0; row < Size; row++)
        {
            for (var col = 0; col < Size; col++)
            {
                var covered = 0;
                for (var sy = 0; sy < Samples; sy++)
                {
                    for (var sx = 0; sx < Samples; sx++)
                    {
                        var x = ((col + ((sx + 0.5) / Samples)) / Size * 2) - 1;
                        var y = ((row + ((sy + 0.5) / Samples)) / Size * 2) - 1;
                        if (inside(x, y))
                        {
                            covered++;
                        }
                    }
                }

                if (covered == 0)
                {
                    continue;
                }

                var fraction = covered / (double)(Samples * Samples);
                var i = (row * Size) + col;
                Hu[i] = add ? Hu[i] + (float)(fraction * hu) : (float)((fraction * hu) + ((1 - fraction) * Hu[i]));
            }
        }
    }
}
