namespace RadCnn.Training.Phantoms;

/// <summary>One synthetic patient's chest: sizes and positions drawn once, evaluated per pixel as a line integral.</summary>
internal sealed class ChestAnatomy
{
    private const int RibsPerSide = 10;

    public double Scale { get; private init; }

    public double LungWidth { get; private init; }

    public double LungHeight { get; private init; }

    public double LungTop { get; private init; }

    public double HeartWidth { get; private init; }

    public double HeartShift { get; private init; }

    public double RibSpacing { get; private init; }

    public double ClavicleDrop { get; private init; }

    public double SoftTissue { get; private init; }

    public static ChestAnatomy Draw(SeededRandom random) => new()
    {
        Scale = random.Uniform(0.82, 1.12),
        LungWidth = random.Uniform(0.9, 1.1),
        LungHeight = random.Uniform(0.9, 1.08),
        LungTop = random.Uniform(-0.72, -0.62),
        HeartWidth = random.Uniform(0.85, 1.2),
        HeartShift = random.Uniform(0.04, 0.14),
        RibSpacing = random.Uniform(0.1, 0.12),
        ClavicleDrop = random.Uniform(-0.06, 0.06),
        SoftTissue = random.Uniform(1.3, 1.9),
    };

    /// <summary>Wider ranges than <see cref="Draw"/>, for domain randomisation: small and large patients, long and short lungs, big hearts.</summary>
    public static ChestAnatomy DrawVaried(SeededRandom random) => new()
    {
        Scale = random.Uniform(0.72, 1.2),
        LungWidth = random.Uniform(0.8, 1.2),
        LungHeight = random.Uniform(0.8, 1.15),
        LungTop = random.Uniform(-0.8, -0.55),
        HeartWidth = random.Uniform(0.75, 1.4),
        HeartShift = random.Uniform(0.0, 0.2),
        RibSpacing = random.Uniform(0.09, 0.13),
        ClavicleDrop = random.Uniform(-0.1, 0.1),
        SoftTissue = random.Uniform(1.0, 2.4),
    };

    /// <summary>Lung centre (x for the given side, −1 image left, +1 image right) and semi-axes.</summary>
    public (double Cx, double Cy, double A, double B) Lung(int side)
    {
        var a = 0.27 * Scale * LungWidth;
        var b = 0.56 * LungHeight;
        return (side * 0.34 * Scale, LungTop + b, a, b);
    }

    /// <summary>Total μ·t along the ray through (x, y); also how deep the ray runs through lung (0 outside).</summary>
    public double Attenuation(double x, double y, out double lungDepth)
    {
        var bodyHalfWidth = 0.86 * Scale;
        if (Math.Abs(x) >= bodyHalfWidth)
        {
            lungDepth = 0;
            return 0;
        }

        // Trunk as a vertical elliptic cylinder, narrowing into the neck above the lung apices.
        var a = SoftTissue * Math.Sqrt(1 - Math.Pow(x / bodyHalfWidth, 2));
        if (y < LungTop - 0.05)
        {
            var neck = 0.22 * Scale;
            var blend = Math.Clamp((LungTop - 0.05 - y) / 0.2, 0, 1);
            var neckTissue = Math.Abs(x) < neck ? SoftTissue * 0.8 * Math.Sqrt(1 - Math.Pow(x / neck, 2)) : 0;
            a = ((1 - blend) * a) + (blend * neckTissue);
        }

        lungDepth = 0;
        foreach (var side in (ReadOnlySpan<int>)[-1, 1])
        {
            var (cx, cy, la, lb) = Lung(side);
            var r2 = Math.Pow((x - cx) / la, 2) + Math.Pow((y - cy) / lb, 2);
            if (r2 < 1)
            {
                lungDepth = Math.Max(lungDepth, Math.Sqrt(1 - r2));
            }
        }

        // The heart displaces lung: where it overlaps a lung the ray crosses tissue instead of air, so its
        // silhouette shows against the lung and merges with the mediastinum elsewhere.
        var heart = Ellipsoid(x, y, HeartShift * Scale, LungTop + (0.82 * LungHeight), 0.26 * Scale * HeartWidth, 0.24);
        lungDepth = Math.Max(0, lungDepth - (0.9 * heart));
        a -= 1.05 * lungDepth;
        a += Math.Abs(x) < 0.06 * Scale ? 0.3 + (0.06 * Math.Cos(y * 45)) : 0;
        a += Ribs(x, y) + Clavicles(x, y);
        return Math.Max(0, a);
    }

    private double Ribs(double x, double y)
    {
        var side = Math.Sign(x);
        var lateral = Math.Abs(x);
        if (lateral < 0.07 * Scale || lateral > 0.7 * Scale)
        {
            return 0;
        }

        var u = lateral / Scale;
        var total = 0.0;
        for (var i = 0; i < RibsPerSide; i++)
        {
            // Posterior ribs leave the spine, rise a little, then sweep down laterally.
            var centre = LungTop + 0.02 + (i * RibSpacing * LungHeight) - (0.12 * u) + (0.55 * u * u) + (side * 0.004);
            var halfThickness = 0.018 + (0.004 * i / RibsPerSide);
            var d = Math.Abs(y - centre) / halfThickness;
            if (d < 1)
            {
                total += 0.32 * (0.55 + (0.45 * d * d)); // cortex brighter than the marrow
            }
        }

        return total;
    }

    private double Clavicles(double x, double y)
    {
        var side = Math.Sign(x);
        var (x0, y0) = (side * 0.05, LungTop + 0.02);
        var (x1, y1) = (side * 0.58 * Scale, LungTop - 0.08 + ClavicleDrop);
        var (dx, dy) = (x1 - x0, y1 - y0);
        var t = Math.Clamp((((x - x0) * dx) + ((y - y0) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
        var distance = Math.Sqrt(Math.Pow(x - x0 - (t * dx), 2) + Math.Pow(y - y0 - (t * dy), 2));
        const double halfThickness = 0.028;
        return distance < halfThickness ? 0.5 * Math.Sqrt(1 - Math.Pow(distance / halfThickness, 2)) : 0;
    }

    private static double Ellipsoid(double x, double y, double cx, double cy, double a, double b)
    {
        var r2 = Math.Pow((x - cx) / a, 2) + Math.Pow((y - cy) / b, 2);
        return r2 < 1 ? Math.Sqrt(1 - r2) : 0;
    }
}
