using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>
/// A female pelvis in patient millimetres (LPS, origin near the centre of the pelvis): body fat,
/// muscles, pelvic bones (cortex and marrow), bladder, rectum, vagina, ovaries with follicles, bowel
/// loops and a uterus with its zonal anatomy and an optional tumour. <see cref="Sample"/> gives the T2
/// signal (before bias field, scale and noise) and the label at a point; later layers cover earlier
/// ones, and the uterus and its tumour are drawn last.
/// </summary>
internal sealed class PelvisAnatomy
{
    private readonly List<(ISolid Solid, double Signal)> layers = [];
    private readonly PelvisTissues tissues;

    public PelvisAnatomy(PelvisTissues tissues, UterusModel uterus, UterineTumour? tumour, double endometrium, double junctionalZone)
    {
        this.tissues = tissues;
        Uterus = uterus;
        Tumour = tumour;
        Endometrium = endometrium;
        JunctionalZone = junctionalZone;
    }

    public UterusModel Uterus { get; }

    public UterineTumour? Tumour { get; }

    /// <summary>Normalised radius of the endometrium (the cavity lining) in the body.</summary>
    public double Endometrium { get; }

    /// <summary>Normalised thickness of the junctional zone outside the endometrium.</summary>
    public double JunctionalZone { get; }

    /// <summary>Normalised radius of the endocervical canal.</summary>
    public const double Canal = 0.14;

    /// <summary>Normalised radius where the cervix's dark inner stroma gives way to its outer stroma.</summary>
    public const double InnerStroma = 0.62;

    /// <summary>Fibroids (second generator): dark spheres in the myometrium, part of the uterus.</summary>
    public List<(Point3 Centre, double Radius)> Fibroids { get; } = [];

    public void Add(ISolid solid, double signal) => layers.Add((solid, signal));

    /// <summary>A solid with a shell: the cortex of a bone, the wall of a hollow organ.</summary>
    public void AddShelled(ISolid outer, double shellSignal, ISolid inner, double innerSignal)
    {
        layers.Add((outer, shellSignal));
        layers.Add((inner, innerSignal));
    }

    public (double Signal, byte Label, double Depth) Sample(Point3 p)
    {
        var value = 0.0;
        foreach (var (solid, signal) in layers)
        {
            var (min, max) = solid.Bounds;
            if (p.X < min.X || p.X > max.X || p.Y < min.Y || p.Y > max.Y || p.Z < min.Z || p.Z > max.Z || !solid.Contains(p))
            {
                continue;
            }

            value = signal;
        }

        var (umin, umax) = Uterus.Bounds;
        if (p.X < umin.X || p.X > umax.X || p.Y < umin.Y || p.Y > umax.Y || p.Z < umin.Z || p.Z > umax.Z)
        {
            return (value, 0, 0);
        }

        var (t, rho, angle) = Uterus.Locate(p);
        if (rho > 1)
        {
            return (value, 0, 0);
        }

        var inBody = t >= Uterus.IsthmusT;
        var lining = inBody ? Endometrium : Canal;
        if (Tumour is { } tumour && InTumour(tumour, t, rho, angle, lining))
        {
            // A little texture so the tumour is not a flat plateau.
            var texture = 1 + (0.08 * Math.Sin((p.X * 0.41) + (p.Y * 0.27)) * Math.Cos((p.Z * 0.33) - (p.Y * 0.19)));
            return (tumour.Signal * texture, 2, Math.Clamp((rho - lining) / (1 - lining), 0, 1));
        }

        foreach (var (centre, radius) in Fibroids)
        {
            var d = p - centre;
            if (d.Dot(d) <= radius * radius && rho > Endometrium + JunctionalZone)
            {
                return (tissues.Fibroid, 1, 0);
            }
        }

        double uterine;
        if (inBody)
        {
            uterine = rho < Endometrium ? tissues.Endometrium
                : rho < Endometrium + JunctionalZone ? tissues.JunctionalZone
                : tissues.Myometrium;
        }
        else
        {
            uterine = rho < Canal ? tissues.Endometrium * 0.9
                : rho < InnerStroma ? tissues.CervicalStroma
                : tissues.Myometrium * 0.85;
        }

        return (uterine, 1, 0);
    }

    private static bool InTumour(UterineTumour tumour, double t, double rho, double angle, double lining)
    {
        var along = Math.Abs(t - tumour.CentreT) / tumour.HalfLengthT;
        if (along > 1)
        {
            return false;
        }

        var alongFalloff = Math.Sqrt(1 - (along * along));
        if (rho < lining * 1.05)
        {
            return true;
        }

        var delta = Math.Abs(Math.IEEERemainder(angle - tumour.Angle, 2 * Math.PI));
        if (delta > tumour.HalfAngle)
        {
            return false;
        }

        var angularFalloff = Math.Sqrt(Math.Cos(delta / tumour.HalfAngle * Math.PI / 2));
        var reach = lining + (tumour.DrawnDepth * (1 - lining) * angularFalloff * alongFalloff);
        return rho <= reach;
    }
}

/// <summary>T2 signal of each tissue for one case (before bias field, scale and noise; urine ≈ 1).</summary>
internal sealed record PelvisTissues(
    double Fat,
    double Muscle,
    double Marrow,
    double Cortex,
    double Urine,
    double BladderWall,
    double RectalWall,
    double RectalContent,
    double Ovary,
    double Follicle,
    double Bowel,
    double Endometrium,
    double JunctionalZone,
    double Myometrium,
    double CervicalStroma,
    double Tumour,
    double Fibroid);
