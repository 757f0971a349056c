namespace RadCnn.Training.Phantoms;

/// <summary>
/// Where each detector pixel lies in the anatomy's normalised coordinates (x −1..1 from the patient's
/// right, y −1..1 from the top): the square default, or a randomised detector with another aspect,
/// field of view, patient shift and rotation.
/// </summary>
internal sealed class RadiographGeometry
{
    private readonly double aspect;
    private readonly double zoom;
    private readonly double shiftX;
    private readonly double shiftY;
    private readonly double cos;
    private readonly double sin;

    private RadiographGeometry(int rows, int columns, double aspect, double zoom, double shiftX, double shiftY, double radians)
    {
        Rows = rows;
        Columns = columns;
        this.aspect = aspect;
        this.zoom = zoom;
        this.shiftX = shiftX;
        this.shiftY = shiftY;
        cos = Math.Cos(radians);
        sin = Math.Sin(radians);
        X = new double[rows * columns];
        Y = new double[rows * columns];
        for (var row = 0; row < rows; row++)
        {
            var v = (((row + 0.5) / rows * 2) - 1) * zoom;
            for (var col = 0; col < columns; col++)
            {
                var u = (((col + 0.5) / columns * 2) - 1) * aspect * zoom;
                var i = (row * columns) + col;
                if (radians == 0 && shiftX == 0 && shiftY == 0)
                {
                    (X[i], Y[i]) = (u, v);
                }
                else
                {
                    X[i] = (cos * u) - (sin * v) + shiftX;
                    Y[i] = (sin * u) + (cos * v) + shiftY;
                }
            }
        }
    }

    public int Rows { get; }

    public int Columns { get; }

    public double[] X { get; }

    public double[] Y { get; }

    /// <summary>Pixels per unit of the normalised coordinates (rows span 2·zoom units).</summary>
    public double PixelsPerUnit => Rows / (2 * zoom);

    public static RadiographGeometry Square(int n) => new(n, n, 1, 1, 0, 0, 0);

    public static RadiographGeometry Varied(int rows, double aspect, double zoom, double shiftX, double shiftY, double degrees) =>
        new(rows, Math.Max(16, (int)Math.Round(rows * aspect)), aspect, zoom, shiftX, shiftY, degrees * Math.PI / 180);

    /// <summary>The pixel (column, row) of an anatomy point, centres at integers.</summary>
    public (double Column, double Row) ToPixel(double x, double y)
    {
        var (dx, dy) = (x - shiftX, y - shiftY);
        var u = (cos * dx) + (sin * dy);
        var v = (-sin * dx) + (cos * dy);
        return ((((u / (aspect * zoom)) + 1) / 2 * Columns) - 0.5, (((v / zoom) + 1) / 2 * Rows) - 0.5);
    }
}
