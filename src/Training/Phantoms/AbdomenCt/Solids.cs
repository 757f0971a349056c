namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>A point or direction in patient coordinates (mm, DICOM LPS: x to the patient's left, y posterior, z head).</summary>
internal readonly record struct Point3(double X, double Y, double Z)
{
    public static Point3 operator +(Point3 a, Point3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Point3 operator -(Point3 a, Point3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Point3 operator *(double s, Point3 a) => new(s * a.X, s * a.Y, s * a.Z);

    public static Point3 operator *(Point3 a, double s) => new(s * a.X, s * a.Y, s * a.Z);

    public double Length => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

    public double Dot(Point3 other) => (X * other.X) + (Y * other.Y) + (Z * other.Z);
}

/// <summary>A closed region of space an organ, vessel or mass fills; <see cref="Bounds"/> lets the renderer skip it cheaply.</summary>
internal interface ISolid
{
    (Point3 Min, Point3 Max) Bounds { get; }

    bool Contains(Point3 p);
}

/// <summary>
/// An ellipsoid turned about the body axis whose radius is modulated by a few smooth harmonics of the
/// direction: lobed, irregular but smooth outlines (organs, masses) rather than a textbook ellipsoid.
/// </summary>
internal sealed class LobedEllipsoid : ISolid
{
    private readonly Point3 center;
    private readonly Point3 radii;
    private readonly double cos;
    private readonly double sin;
    private readonly (int Azimuth, int Elevation, double Amplitude, double Phase)[] harmonics;
    private readonly double maxScale;

    public LobedEllipsoid(Point3 center, Point3 radii, double yawRadians, params (int Azimuth, int Elevation, double Amplitude, double Phase)[] harmonics)
    {
        this.center = center;
        this.radii = radii;
        cos = Math.Cos(yawRadians);
        sin = Math.Sin(yawRadians);
        this.harmonics = harmonics;
        maxScale = 1 + harmonics.Sum(h => Math.Abs(h.Amplitude));
        var r = Math.Max(radii.X, radii.Y) * maxScale;
        Bounds = (new Point3(center.X - r, center.Y - r, center.Z - (radii.Z * maxScale)), new Point3(center.X + r, center.Y + r, center.Z + (radii.Z * maxScale)));
    }

    public (Point3 Min, Point3 Max) Bounds { get; }

    public Point3 Center => center;

    /// <summary>Normalised radius of p: below 1 inside the un-modulated ellipsoid.</summary>
    public bool Contains(Point3 p)
    {
        var d = p - center;
        var u = ((cos * d.X) + (sin * d.Y)) / radii.X;
        var v = ((-sin * d.X) + (cos * d.Y)) / radii.Y;
        var w = d.Z / radii.Z;
        var rr = (u * u) + (v * v) + (w * w);
        if (rr > maxScale * maxScale)
        {
            return false;
        }

        if (harmonics.Length == 0)
        {
            return rr <= 1;
        }

        var r = Math.Sqrt(rr);
        var azimuth = Math.Atan2(v, u);
        var elevation = r > 1e-9 ? Math.Asin(Math.Clamp(w / r, -1, 1)) : 0;
        var limit = 1.0;
        foreach (var h in harmonics)
        {
            limit += h.Amplitude * Math.Sin((h.Azimuth * azimuth) + h.Phase) * Math.Cos(h.Elevation * elevation);
        }

        return r <= limit;
    }
}

/// <summary>A tube of constant radius between two points (a vessel segment, a rib piece).</summary>
internal sealed class Capsule(Point3 a, Point3 b, double radius) : ISolid
{
    private readonly Point3 axis = b - a;

    public (Point3 Min, Point3 Max) Bounds { get; } = (
        new Point3(Math.Min(a.X, b.X) - radius, Math.Min(a.Y, b.Y) - radius, Math.Min(a.Z, b.Z) - radius),
        new Point3(Math.Max(a.X, b.X) + radius, Math.Max(a.Y, b.Y) + radius, Math.Max(a.Z, b.Z) + radius));

    public bool Contains(Point3 p)
    {
        var lengthSquared = axis.Dot(axis);
        var t = lengthSquared > 0 ? Math.Clamp((p - a).Dot(axis) / lengthSquared, 0, 1) : 0;
        var nearest = a + (t * axis);
        var d = p - nearest;
        return d.Dot(d) <= radius * radius;
    }
}

/// <summary>An elliptic cylinder along z between two heights (body outline, spine, muscles, great vessels).</summary>
internal sealed class EllipticCylinder(double centerX, double centerY, double radiusX, double radiusY, double zLow, double zHigh) : ISolid
{
    public (Point3 Min, Point3 Max) Bounds { get; } = (new Point3(centerX - radiusX, centerY - radiusY, zLow), new Point3(centerX + radiusX, centerY + radiusY, zHigh));

    public bool Contains(Point3 p)
    {
        if (p.Z < zLow || p.Z > zHigh)
        {
            return false;
        }

        var u = (p.X - centerX) / radiusX;
        var v = (p.Y - centerY) / radiusY;
        return (u * u) + (v * v) <= 1;
    }
}

/// <summary>
/// An implicit surface of summed Gaussian blobs above a level (metaballs): a liver of a different
/// construction for the second generator, with rounded junctions rather than modulated lobes.
/// </summary>
internal sealed class Metaballs : ISolid
{
    private readonly (Point3 Center, double Radius)[] balls;
    private readonly double level;

    public Metaballs((Point3 Center, double Radius)[] balls, double level = 0.5)
    {
        this.balls = balls;
        this.level = level;
        var reach = balls.Max(b => b.Radius) * 1.6;
        Bounds = (
            new Point3(balls.Min(b => b.Center.X) - reach, balls.Min(b => b.Center.Y) - reach, balls.Min(b => b.Center.Z) - reach),
            new Point3(balls.Max(b => b.Center.X) + reach, balls.Max(b => b.Center.Y) + reach, balls.Max(b => b.Center.Z) + reach));
    }

    public (Point3 Min, Point3 Max) Bounds { get; }

    public bool Contains(Point3 p)
    {
        var sum = 0.0;
        foreach (var (center, radius) in balls)
        {
            var d = p - center;
            sum += Math.Exp(-d.Dot(d) / (radius * radius));
            if (sum >= level)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Points of any of several solids.</summary>
internal sealed class SolidUnion : ISolid
{
    private readonly ISolid[] parts;

    public SolidUnion(params ISolid[] parts)
    {
        this.parts = parts;
        Bounds = (
            new Point3(parts.Min(s => s.Bounds.Min.X), parts.Min(s => s.Bounds.Min.Y), parts.Min(s => s.Bounds.Min.Z)),
            new Point3(parts.Max(s => s.Bounds.Max.X), parts.Max(s => s.Bounds.Max.Y), parts.Max(s => s.Bounds.Max.Z)));
    }

    public (Point3 Min, Point3 Max) Bounds { get; }

    public bool Contains(Point3 p)
    {
        foreach (var part in parts)
        {
            var (min, max) = part.Bounds;
            if (p.X >= min.X && p.X <= max.X && p.Y >= min.Y && p.Y <= max.Y && p.Z >= min.Z && p.Z <= max.Z && part.Contains(p))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Points inside both solids (an organ confined to the abdominal cavity).</summary>
internal sealed class SolidIntersection(ISolid a, ISolid b) : ISolid
{
    public (Point3 Min, Point3 Max) Bounds { get; } = (
        new Point3(Math.Max(a.Bounds.Min.X, b.Bounds.Min.X), Math.Max(a.Bounds.Min.Y, b.Bounds.Min.Y), Math.Max(a.Bounds.Min.Z, b.Bounds.Min.Z)),
        new Point3(Math.Min(a.Bounds.Max.X, b.Bounds.Max.X), Math.Min(a.Bounds.Max.Y, b.Bounds.Max.Y), Math.Min(a.Bounds.Max.Z, b.Bounds.Max.Z)));

    public bool Contains(Point3 p) => a.Contains(p) && b.Contains(p);
}
