namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>
/// Pulmonary vessels (and the larger bronchi beside them) as branching trees of capsules grown from
/// each hilum towards the periphery. Cut across by an axial slice, a vessel is a small round density:
/// the classic nodule look-alike a candidate detector must not be fooled by.
/// </summary>
internal static class VesselTree
{
    private const double VesselHu = 40;

    public static void Paint(VolumeCanvas canvas, ChestCtAnatomy anatomy, ChestCtStyle style, SeededRandom random, double zLow, double zHigh)
    {
        bool InLung(double x, double y, double z) => anatomy.IsLung(x, y, z);
        foreach (var side in new[] { +1, -1 })
        {
            var roots = random.Int(3, 5);
            for (var k = 0; k < roots; k++)
            {
                var start = (side * (anatomy.LungCentreX - (anatomy.LungHalfWidth * 0.55)), anatomy.LungCentreY + random.Uniform(-10, 10), random.Uniform(zLow, zHigh));
                var angle = random.Uniform(-1.2, 1.2);
                var direction = Normalise((side * Math.Cos(angle), Math.Sin(angle), random.Uniform(-0.8, 0.8)));
                Grow(canvas, anatomy, style, random, start, direction, random.Uniform(3.5, 5), 0, InLung);
            }
        }
    }

    private static void Grow(
        VolumeCanvas canvas,
        ChestCtAnatomy anatomy,
        ChestCtStyle style,
        SeededRandom random,
        (double X, double Y, double Z) start,
        (double X, double Y, double Z) direction,
        double radius,
        int depth,
        Func<double, double, double, bool> inLung)
    {
        if (radius < 0.6 || depth > 9)
        {
            return;
        }

        var length = radius * random.Uniform(6, 10);
        var end = (start.X + (direction.X * length), start.Y + (direction.Y * length), start.Z + (direction.Z * length));
        Capsule(canvas, start, end, radius, VesselHu, inLung);
        if (radius >= 2.2)
        {
            // A bronchus runs beside the larger arteries: an air lumen in a soft-tissue wall.
            var offset = Normalise(Cross(direction, (0, 0, 1)));
            var shift = radius + 2.5;
            var a = (start.X + (offset.X * shift), start.Y + (offset.Y * shift), start.Z);
            var b = (end.Item1 + (offset.X * shift), end.Item2 + (offset.Y * shift), end.Item3);
            Capsule(canvas, a, b, radius * 0.8, 10, inLung);
            Capsule(canvas, a, b, (radius * 0.8) - 1, -950, inLung);
        }

        if (!anatomy.IsLung(end.Item1, end.Item2, end.Item3) && depth > 0)
        {
            return;
        }

        for (var child = 0; child < 2; child++)
        {
            var turn = random.Uniform(0.3, 0.7) * (child == 0 ? 1 : -1);
            var wander = style.VesselCurl;
            var axis = Normalise((random.Gaussian(), random.Gaussian(), random.Gaussian()));
            var rotated = Rotate(direction, axis, turn + random.Uniform(-wander, wander));
            Grow(canvas, anatomy, style, random, end, Normalise(rotated), radius * random.Uniform(0.68, 0.8), depth + 1, inLung);
        }
    }

    private static void Capsule(VolumeCanvas canvas, (double X, double Y, double Z) a, (double X, double Y, double Z) b, double radius, double hu, Func<double, double, double, bool> inLung)
    {
        var centre = ((a.X + b.X) / 2, (a.Y + b.Y) / 2, (a.Z + b.Z) / 2);
        var half = Math.Sqrt(Square(b.X - a.X) + Square(b.Y - a.Y) + Square(b.Z - a.Z)) / 2;
        canvas.Paint(centre, half + radius + canvas.Edge, (x, y, z) => radius - SegmentDistance((x, y, z), a, b), (_, _, _) => (float)hu, where: inLung);
    }

    private static double SegmentDistance((double X, double Y, double Z) p, (double X, double Y, double Z) a, (double X, double Y, double Z) b)
    {
        var ab = (X: b.X - a.X, Y: b.Y - a.Y, Z: b.Z - a.Z);
        var ap = (X: p.X - a.X, Y: p.Y - a.Y, Z: p.Z - a.Z);
        var denominator = (ab.X * ab.X) + (ab.Y * ab.Y) + (ab.Z * ab.Z);
        var t = denominator > 0 ? Math.Clamp(((ap.X * ab.X) + (ap.Y * ab.Y) + (ap.Z * ab.Z)) / denominator, 0, 1) : 0;
        return Math.Sqrt(Square(ap.X - (t * ab.X)) + Square(ap.Y - (t * ab.Y)) + Square(ap.Z - (t * ab.Z)));
    }

    private static (double X, double Y, double Z) Rotate((double X, double Y, double Z) v, (double X, double Y, double Z) k, double angle)
    {
        // Rodrigues' rotation formula.
        var cos = Math.Cos(angle);
        var sin = Math.Sin(angle);
        var cross = Cross(k, v);
        var dot = (k.X * v.X) + (k.Y * v.Y) + (k.Z * v.Z);
        return ((v.X * cos) + (cross.X * sin) + (k.X * dot * (1 - cos)),
            (v.Y * cos) + (cross.Y * sin) + (k.Y * dot * (1 - cos)),
            (v.Z * cos) + (cross.Z * sin) + (k.Z * dot * (1 - cos)));
    }

    private static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        ((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static (double X, double Y, double Z) Normalise((double X, double Y, double Z) v)
    {
        var length = Math.Sqrt((v.X * v.X) + (v.Y * v.Y) + (v.Z * v.Z));
        return length > 1e-9 ? (v.X / length, v.Y / length, v.Z / length) : (1, 0, 0);
    }

    private static double Square(double v) => v * v;
}
