using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>
/// Draws one pelvis: tissue signals jittered per case, body and muscles, pelvic bones, bladder of
/// varied filling, rectum with gas or fluid, vagina, ovaries, bowel loops, and a uterus of varied size,
/// position, version and flexion with 0-1 tumour. The second generator draws fat-suppressed signal,
/// lobulated uteri with fibroids and a thicker, fainter junctional zone.
/// </summary>
internal sealed class PelvisAnatomyBuilder(PelvisMrStyle style, SeededRandom random)
{
    /// <summary>Share of cases with a tumour.</summary>
    public const double TumourRate = 0.5;

    public PelvisAnatomy Build()
    {
        var alternate = style == PelvisMrStyle.Alternate;
        double J(double v, double spread = 0.08) => v * random.Uniform(1 - spread, 1 + spread);
        var tissues = new PelvisTissues(
            Fat: alternate ? J(0.12, 0.3) : J(0.72),
            Muscle: J(0.24),
            Marrow: alternate ? J(0.2, 0.3) : J(0.58),
            Cortex: J(0.04, 0.3),
            Urine: J(1.0, 0.04),
            BladderWall: J(0.22),
            RectalWall: J(0.3),
            RectalContent: random.Chance(0.5) ? J(0.05, 0.5) : J(0.45, 0.2),
            Ovary: J(0.42),
            Follicle: J(0.95, 0.05),
            Bowel: J(0.42, 0.15),
            Endometrium: alternate ? J(0.78) : J(0.86),
            JunctionalZone: alternate ? J(0.32) : J(0.2, 0.15),
            Myometrium: J(0.48, 0.12),
            CervicalStroma: J(0.16, 0.2),
            Tumour: J(0.62, 0.08),
            Fibroid: J(0.12, 0.3));

        // Body: an elliptic cylinder of fat; abdominal wall and gluteal muscles, pelvic side-wall muscles.
        var bodyX = random.Uniform(145, 185);
        var bodyY = random.Uniform(100, 130);
        var body = new EllipticCylinder(0, random.Uniform(-5, 5), bodyX, bodyY, -300, 300);
        var uterus = DrawUterus(alternate, out var endometrium, out var junctional);
        var tumour = random.Chance(TumourRate) ? DrawTumour(uterus, tissues.Tumour) : null;
        var anatomy = new PelvisAnatomy(tissues, uterus, tumour, endometrium, junctional);
        anatomy.Add(body, tissues.Fat);
        foreach (var side in new[] { -1, 1 })
        {
            anatomy.Add(new EllipticCylinder(side * random.Uniform(30, 45), -bodyY + random.Uniform(18, 26), random.Uniform(28, 38), random.Uniform(7, 11), -40, 300), tissues.Muscle);
            anatomy.Add(new EllipticCylinder(side * random.Uniform(85, 105), bodyY - random.Uniform(45, 60), random.Uniform(45, 60), random.Uniform(30, 42), -300, 80), tissues.Muscle);
            anatomy.Add(new LobedEllipsoid(new Point3(side * random.Uniform(62, 75), random.Uniform(-5, 15), random.Uniform(-55, -35)), new Point3(random.Uniform(10, 15), random.Uniform(30, 40), random.Uniform(35, 50)), 0), tissues.Muscle);
            anatomy.Add(new EllipticCylinder(side * random.Uniform(65, 80), random.Uniform(-30, -10), random.Uniform(20, 28), random.Uniform(18, 24), 0, 300), tissues.Muscle);

            // Femoral head and acetabulum, iliac wing, pubic bone: cortex around marrow.
            var head = new Point3(side * random.Uniform(85, 98), random.Uniform(-5, 10), random.Uniform(-80, -62));
            var radius = random.Uniform(21, 26);
            anatomy.AddShelled(new LobedEllipsoid(head, new Point3(radius, radius, radius), 0), tissues.Cortex, new LobedEllipsoid(head, new Point3(radius - 3, radius - 3, radius - 3), 0), tissues.Marrow);
            var wing = new Point3(side * random.Uniform(95, 115), random.Uniform(20, 40), random.Uniform(20, 40));
            var yaw = side * random.Uniform(0.3, 0.6);
            anatomy.AddShelled(new LobedEllipsoid(wing, new Point3(random.Uniform(12, 16), random.Uniform(45, 60), random.Uniform(45, 60)), yaw), tissues.Cortex, new LobedEllipsoid(wing, new Point3(8, random.Uniform(40, 52), random.Uniform(40, 52)), yaw), tissues.Marrow);
            var pubis = new Point3(side * random.Uniform(14, 24), -bodyY + random.Uniform(30, 45), random.Uniform(-85, -70));
            anatomy.AddShelled(new LobedEllipsoid(pubis, new Point3(20, 11, 16), side * 0.4), tissues.Cortex, new LobedEllipsoid(pubis, new Point3(17, 8, 13), side * 0.4), tissues.Marrow);
        }

        var sacrum = new Point3(0, bodyY - random.Uniform(30, 45), random.Uniform(10, 30));
        anatomy.AddShelled(new LobedEllipsoid(sacrum, new Point3(random.Uniform(38, 50), 17, random.Uniform(50, 70)), 0), tissues.Cortex, new LobedEllipsoid(sacrum, new Point3(34, 13, 46), 0), tissues.Marrow);

        // Bowel loops above and beside the uterus.
        for (var k = random.Int(2, 6); k > 0; k--)
        {
            var a = new Point3(random.Uniform(-70, 70), random.Uniform(-60, 30), random.Uniform(40, 100));
            var b = a + new Point3(random.Uniform(-40, 40), random.Uniform(-20, 20), random.Uniform(-25, 15));
            var r = random.Uniform(9, 15);
            anatomy.AddShelled(new Capsule(a, b, r), tissues.Bowel, new Capsule(a, b, r * 0.55), random.Chance(0.5) ? tissues.Urine * 0.9 : tissues.Bowel * 0.6);
        }

        // Rectum and sigmoid behind the uterus, in front of the sacrum.
        var rectumX = random.Uniform(-10, 10);
        var rectumLow = new Point3(rectumX, sacrum.Y - random.Uniform(40, 55), -100);
        var rectumHigh = new Point3(rectumX + random.Uniform(-20, 20), sacrum.Y - random.Uniform(35, 50), random.Uniform(0, 30));
        var rectumRadius = random.Uniform(14, 22);
        anatomy.AddShelled(new Capsule(rectumLow, rectumHigh, rectumRadius), tissues.RectalWall, new Capsule(rectumLow, rectumHigh, rectumRadius - random.Uniform(3, 5)), tissues.RectalContent);

        // Bladder in front of the cervix: its filling sets its size; a dark wall around bright urine.
        var fill = random.Uniform(0.3, 1);
        var bladder = new Point3(random.Uniform(-8, 8), -bodyY + random.Uniform(45, 60) + (25 * fill), random.Uniform(-60, -45) + (20 * fill));
        var bladderRadii = new Point3(30 + (30 * fill), 18 + (22 * fill), 18 + (24 * fill));
        var harmonics = new[] { (2, 1, random.Uniform(0.02, 0.08), random.Uniform(0, 6.28)) };
        anatomy.AddShelled(new LobedEllipsoid(bladder, bladderRadii, random.Uniform(-0.2, 0.2), harmonics), tissues.BladderWall, new LobedEllipsoid(bladder, bladderRadii - new Point3(3, 3, 3), 0, harmonics), tissues.Urine);

        // Vagina below the cervix: dark wall, bright mucus stripe.
        var os = uterus.At(0);
        var vaginaEnd = os + new Point3(random.Uniform(-5, 5), random.Uniform(0, 15), -random.Uniform(40, 55));
        anatomy.AddShelled(new Capsule(os, vaginaEnd, random.Uniform(8, 11)), tissues.RectalWall * 0.9, new Capsule(os, vaginaEnd, 2), tissues.Endometrium * 0.9);

        // Ovaries beside the fundus, with a few bright follicles.
        var fundus = uterus.At(0.9);
        foreach (var side in new[] { -1, 1 })
        {
            var ovary = fundus + new Point3(side * random.Uniform(42, 60), random.Uniform(0, 25), random.Uniform(-25, 5));
            anatomy.Add(new LobedEllipsoid(ovary, new Point3(random.Uniform(9, 14), random.Uniform(7, 10), random.Uniform(12, 18)), random.Uniform(0, 3)), tissues.Ovary);
            for (var k = random.Int(1, 5); k > 0; k--)
            {
                var r = random.Uniform(2, 6);
                anatomy.Add(new LobedEllipsoid(ovary + new Point3(random.Uniform(-6, 6), random.Uniform(-4, 4), random.Uniform(-8, 8)), new Point3(r, r, r), 0), tissues.Follicle);
            }
        }

        if (alternate)
        {
            for (var k = random.Int(0, 4); k > 0; k--)
            {
                var at = uterus.At(random.Uniform(uterus.IsthmusT + 0.1, 0.95));
                anatomy.Fibroids.Add((at + new Point3(random.Uniform(-20, 20), random.Uniform(-15, 15), random.Uniform(-12, 12)), random.Uniform(6, 16)));
            }
        }

        return anatomy;
    }

    private UterusModel DrawUterus(bool alternate, out double endometrium, out double junctional)
    {
        // Anteverted (most), axial (midposition) or retroverted; flexion bends the body against the cervix.
        var version = random.Uniform(0, 1);
        var cervixAngle = version < 0.7 ? random.Uniform(0.3, 0.9) : version < 0.85 ? random.Uniform(-0.2, 0.3) : random.Uniform(-0.9, -0.3);
        var flexion = version < 0.85 ? random.Uniform(-0.1, 0.8) : random.Uniform(-0.7, 0.1);
        var os = new Point3(random.Uniform(-12, 12), random.Uniform(5, 25), random.Uniform(-55, -35));
        var scale = random.Uniform(0.75, 1.25);
        endometrium = alternate ? random.Uniform(0.15, 0.35) : random.Uniform(0.1, 0.3);
        junctional = alternate ? random.Uniform(0.15, 0.3) : random.Uniform(0.08, 0.16);
        return new UterusModel(
            os,
            cervixAngle,
            cervixAngle + flexion,
            random.Uniform(-0.3, 0.3),
            random.Uniform(25, 35) * scale,
            random.Uniform(40, 60) * scale,
            (random.Uniform(12, 16) * scale, random.Uniform(11, 14) * scale),
            (random.Uniform(22, 30) * scale, random.Uniform(17, 23) * scale),
            alternate ? random.Uniform(0.05, 0.12) : 0,
            random.Uniform(0, 2 * Math.PI));
    }

    private UterineTumour DrawTumour(UterusModel uterus, double signal)
    {
        var kind = random.Chance(0.65) ? UterineTumourKind.Endometrial : UterineTumourKind.Cervical;
        var centre = kind == UterineTumourKind.Endometrial ? random.Uniform(uterus.IsthmusT + 0.15, 0.85) : random.Uniform(0.12, Math.Max(0.15, uterus.IsthmusT - 0.05));
        return new UterineTumour(
            kind,
            centre,
            random.Uniform(0.08, 0.22),
            random.Uniform(-Math.PI, Math.PI),
            random.Uniform(0.6, 2.6),
            Math.Pow(random.Uniform(0, 1), 0.8),
            signal);
    }
}
