using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>
/// A uterus as a curved tube: a centreline from the external os through the cervix and isthmus to the
/// fundus (its bend sets version and flexion), an elliptical cross-section whose half-width and
/// half-depth grow from cervix to body, and a rounded fundus. A point's normalised radius ρ (below 1
/// inside) and its position t along the centreline (0 at the os, 1 at the fundus) give the zonal
/// anatomy: endometrium and junctional zone around the cavity in the body, canal and dark stroma in the
/// cervix. The optional tumour grows from the cavity (endometrial) or the canal (cervical) outward to a
/// drawn depth of the wall.
/// </summary>
internal sealed class UterusModel
{
    private const int CentrelineSamples = 64;

    private readonly Point3[] centre = new Point3[CentrelineSamples];
    private readonly Point3[] tangent = new Point3[CentrelineSamples];
    private readonly Point3[] lateral = new Point3[CentrelineSamples];
    private readonly Point3[] depth = new Point3[CentrelineSamples];
    private readonly double[] halfWidth = new double[CentrelineSamples];
    private readonly double[] halfDepth = new double[CentrelineSamples];
    private readonly double fundusCap;
    private readonly double lobulation;
    private readonly double lobulationPhase;

    public UterusModel(Point3 os, double cervixAngle, double bodyAngle, double tilt, double cervixLength, double bodyLength, (double Width, double Depth) cervix, (double Width, double Depth) body, double lobulation, double lobulationPhase)
    {
        // Angles from the head direction (+z) towards anterior (−y) in the sagittal plane, then tilted about the AP axis.
        Point3 Direction(double angle) => Tilt(new Point3(0, -Math.Sin(angle), Math.Cos(angle)), tilt);
        var isthmus = os + (cervixLength * Direction(cervixAngle));
        var fundus = isthmus + (bodyLength * Direction(bodyAngle));
        var control = isthmus;
        IsthmusT = cervixLength / (cervixLength + bodyLength);
        for (var k = 0; k < CentrelineSamples; k++)
        {
            var t = k / (double)(CentrelineSamples - 1);
            // Quadratic Bézier through the os and the fundus pulled towards the isthmus: a smooth bend.
            centre[k] = ((1 - t) * (1 - t) * os) + (2 * (1 - t) * t * control) + (t * t * fundus);
            var d = (2 * (1 - t) * (control - os)) + (2 * t * (fundus - control));
            tangent[k] = d * (1 / d.Length);
            var side = Tilt(new Point3(1, 0, 0), tilt);
            var l = side - (side.Dot(tangent[k]) * tangent[k]);
            lateral[k] = l * (1 / l.Length);
            depth[k] = Cross(tangent[k], lateral[k]);
            var grow = SmoothStep(IsthmusT - 0.08, IsthmusT + 0.3, t);
            var fundusRound = t > 0.85 ? Math.Sqrt(Math.Max(0.35, 1 - Math.Pow((t - 0.85) / 0.2, 2))) : 1;
            halfWidth[k] = (cervix.Width + ((body.Width - cervix.Width) * grow)) * (t > 0.85 ? 0.7 + (0.3 * fundusRound) : 1);
            halfDepth[k] = cervix.Depth + ((body.Depth - cervix.Depth) * grow);
        }

        fundusCap = halfDepth[^1] * 0.9;
        this.lobulation = lobulation;
        this.lobulationPhase = lobulationPhase;
        var reach = Math.Max(body.Width, body.Depth) + fundusCap + 2;
        Bounds = (
            new Point3(centre.Min(c => c.X) - reach, centre.Min(c => c.Y) - reach, centre.Min(c => c.Z) - reach),
            new Point3(centre.Max(c => c.X) + reach, centre.Max(c => c.Y) + reach, centre.Max(c => c.Z) + reach));
        Centre = centre[CentrelineSamples / 2];
    }

    /// <summary>Where along the centreline the cervix ends and the body begins.</summary>
    public double IsthmusT { get; }

    public (Point3 Min, Point3 Max) Bounds { get; }

    public Point3 Centre { get; }

    public Point3 At(double t) => centre[(int)Math.Round(Math.Clamp(t, 0, 1) * (CentrelineSamples - 1))];

    /// <summary>Position along the centreline (0-1), normalised radius (below 1 inside) and the angle around the centreline.</summary>
    public (double T, double Rho, double Angle) Locate(Point3 p)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        for (var k = 0; k < CentrelineSamples; k++)
        {
            var d = p - centre[k];
            var dd = d.Dot(d);
            if (dd < bestDistance)
            {
                bestDistance = dd;
                best = k;
            }
        }

        var offset = p - centre[best];
        var along = offset.Dot(tangent[best]);
        var u = offset.Dot(lateral[best]) / halfWidth[best];
        var v = offset.Dot(depth[best]) / halfDepth[best];
        var w = 0.0;
        if (best == CentrelineSamples - 1 && along > 0)
        {
            w = along / fundusCap;
        }
        else if (best == 0 && along < 0)
        {
            w = along / 3.0;
        }

        var angle = Math.Atan2(v, u);
        var rho = Math.Sqrt((u * u) + (v * v) + (w * w));
        if (lobulation > 0)
        {
            rho /= 1 + (lobulation * Math.Sin((3 * angle) + lobulationPhase + (9 * best / (double)CentrelineSamples)));
        }

        return (best / (double)(CentrelineSamples - 1), rho, angle);
    }

    private static Point3 Tilt(Point3 v, double angle) =>
        new((v.X * Math.Cos(angle)) + (v.Z * Math.Sin(angle)), v.Y, (-v.X * Math.Sin(angle)) + (v.Z * Math.Cos(angle)));

    private static Point3 Cross(Point3 a, Point3 b) => new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static double SmoothStep(double low, double high, double x)
    {
        var s = Math.Clamp((x - low) / (high - low), 0, 1);
        return s * s * (3 - (2 * s));
    }
}
