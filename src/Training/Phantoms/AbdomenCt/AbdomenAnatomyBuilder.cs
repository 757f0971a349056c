namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>
/// Draws the organs of one abdominal phantom: body wall, bowel, lung bases and heart above the
/// diaphragm, spine, paraspinal and psoas muscles, aorta and inferior vena cava, kidneys, spleen and
/// stomach whose attenuation overlaps the liver's, a lobed liver with portal and hepatic vessels,
/// 0-6 masses (some at the liver edge, some touching vessels) and ribs. All in patient millimetres.
/// </summary>
internal sealed class AbdomenAnatomyBuilder(AbdomenCtStyle style, SeededRandom r)
{
    private readonly List<AnatomyLayer> layers = [];
    private readonly bool alternate = style == AbdomenCtStyle.Alternate;

    public AbdomenAnatomy Build()
    {
        var scale = r.Uniform(0.88, 1.12);
        var z0 = r.Uniform(-15, 15);
        var (rx, ry) = alternate ? (r.Uniform(135, 152), r.Uniform(118, 135)) : (r.Uniform(140, 172), r.Uniform(105, 128));
        var fat = alternate ? r.Uniform(6, 12) : r.Uniform(10, 25);
        var wall = r.Uniform(7, 12);
        const double zLow = -500, zHigh = 500;
        Add("subcutaneous fat", new EllipticCylinder(0, 0, rx, ry, zLow, zHigh), r.Uniform(-110, -90));
        Add("abdominal wall muscle", new EllipticCylinder(0, 0, rx - fat, ry - fat, zLow, zHigh), r.Uniform(40, 60));
        var cavity = new EllipticCylinder(0, 0, rx - fat - wall, ry - fat - wall, zLow, zHigh);
        Add("visceral fat", cavity, r.Uniform(-95, -70));
        for (var i = 0; i < 12; i++)
        {
            var gas = r.Chance(0.2);
            var center = new Point3(r.Uniform(-60, 90), r.Uniform(-80, 30), z0 + r.Uniform(-120, 40));
            var size = r.Uniform(12, 28);
            Add("bowel loop", new LobedEllipsoid(center, new Point3(size, size * r.Uniform(0.6, 1), size * r.Uniform(0.8, 1.6)), r.Uniform(0, Math.PI), Harmonic(0.08)), gas ? -900 : r.Uniform(15, 45));
        }

        var dome = z0 + r.Uniform(55, 75) * scale;
        foreach (var side in new[] { -1, 1 })
        {
            Add("lung base", new LobedEllipsoid(new Point3(side * 70, 25, dome + 75), new Point3(65, 70, 90), 0, Harmonic(0.05)), -850);
        }

        var heart = new LobedEllipsoid(new Point3(20, -25, dome + 70), new Point3(62, 52, 48), r.Uniform(-0.3, 0.3), Harmonic(0.05));
        Add("heart", heart, r.Uniform(35, 55));
        Add("cardiac blood pool", new LobedEllipsoid(new Point3(20, -25, dome + 72), new Point3(35, 28, 28), 0.2), alternate ? 300 : r.Uniform(140, 180));

        var spineY = ry - fat - r.Uniform(55, 65);
        foreach (var side in new[] { -1, 1 })
        {
            Add("paraspinal muscle", new EllipticCylinder(side * 36, spineY + 38, 24, 17, zLow, zHigh), r.Uniform(45, 60));
            Add("psoas", new EllipticCylinder(side * 38, spineY - 2, 13, 13, zLow, z0 - 10), r.Uniform(45, 60));
        }

        Add("vertebral cortex", new EllipticCylinder(0, spineY, 19, 17, zLow, zHigh), 700);
        Add("vertebral body", new EllipticCylinder(0, spineY, 16, 14, zLow, zHigh), r.Uniform(200, 280));
        Add("spinal canal", new EllipticCylinder(0, spineY + 25, 9, 8, zLow, zHigh), 15);
        Add("posterior elements", new EllipticCylinder(0, spineY + 40, 14, 7, zLow, zHigh), 450);
        var aortaHu = alternate ? r.Uniform(260, 340) : r.Uniform(150, 210);
        var ivcHu = alternate ? r.Uniform(75, 100) : r.Uniform(130, 170);
        Add("aorta", new EllipticCylinder(14, spineY - 24, 11, 11, zLow, dome + 20), aortaHu);

        var kidneyCortex = alternate ? r.Uniform(200, 250) : r.Uniform(150, 195);
        foreach (var side in new[] { -1, 1 })
        {
            var center = new Point3(side * r.Uniform(62, 75), spineY - r.Uniform(0, 8), z0 - r.Uniform(30, 55));
            var radii = new Point3(26, 22, 50);
            Add("kidney cortex", new LobedEllipsoid(center, radii, side * r.Uniform(0.3, 0.6), Harmonic(0.04)), kidneyCortex);
            Add("renal medulla", new LobedEllipsoid(center + new Point3(side * -4, 0, 0), new Point3(14, 12, 36), side * 0.45), alternate ? 90 : 120);
        }

        var liverHu = alternate ? r.Uniform(58, 85) : r.Uniform(95, 130);
        var spleenHu = alternate ? r.Uniform(95, 150) : liverHu + r.Uniform(-15, 20);
        Add("spleen", new SolidIntersection(new LobedEllipsoid(new Point3(r.Uniform(85, 100), r.Uniform(25, 45), z0 + r.Uniform(15, 35)), new Point3(30, 55, 52) * scale, r.Uniform(0.4, 0.8), Harmonic(0.08)), cavity), spleenHu);
        var stomachCenter = new Point3(r.Uniform(40, 60), r.Uniform(-55, -35), z0 + r.Uniform(20, 40));
        var stomachRadii = new Point3(r.Uniform(40, 58), r.Uniform(30, 40), r.Uniform(35, 50));
        var stomachYaw = r.Uniform(-0.5, 0);
        Add("stomach wall", new SolidIntersection(new LobedEllipsoid(stomachCenter, stomachRadii, stomachYaw, Harmonic(0.05)), cavity), r.Uniform(60, 90));
        var lumen = new LobedEllipsoid(stomachCenter, stomachRadii - new Point3(6, 6, 6), stomachYaw);
        Add("stomach content", lumen, alternate && r.Chance(0.6) ? r.Uniform(200, 300) : r.Uniform(5, 45));
        Add("stomach gas", new SolidIntersection(new LobedEllipsoid(stomachCenter + new Point3(0, -stomachRadii.Y * 0.6, stomachRadii.Z * 0.4), new Point3(stomachRadii.X * 0.6, stomachRadii.Y * 0.4, stomachRadii.Z * 0.4), stomachYaw), lumen), -900);

        var liverShape = alternate ? MetaballLiver(z0, scale) : LobedLiver(z0, scale);
        var liver = new SolidIntersection(liverShape, cavity);
        layers.Add(new AnatomyLayer("liver", liver, liverHu, LayerLabel.Liver));
        var vessels = LiverVessels(liver, z0, scale, spineY);
        var vesselHu = alternate ? r.Uniform(90, 130) : r.Uniform(150, 190);
        foreach (var vessel in vessels)
        {
            layers.Add(new AnatomyLayer("hepatic vessel", vessel, vesselHu, LayerLabel.Keep) { Within = liver });
        }

        var masses = new AbdomenMassPlacer(alternate, r).Place(liver, vessels, liverHu, layers);
        // The IVC runs behind and through the liver and is not liver: painted after it.
        layers.Add(new AnatomyLayer("inferior vena cava", new EllipticCylinder(-22, spineY - 26, 13, 12, zLow, dome + 25), ivcHu, LayerLabel.None));
        AddRibs(rx - fat - wall + 3, ry - fat - wall + 3, z0, dome);
        return new AbdomenAnatomy(layers, liver, masses)
        {
            NoiseHu = alternate ? r.Uniform(15, 30) : r.Uniform(8, 20),
            StreakNoise = alternate,
            NoiseCorrelation = alternate ? 1.3 : r.Uniform(0.6, 1.0),
            LiverCenterZ = z0,
        };
    }

    private ISolid LobedLiver(double z0, double s)
    {
        var parts = new List<ISolid>
        {
            new LobedEllipsoid(new Point3(r.Uniform(-65, -50) * s, r.Uniform(-12, 5), z0), new Point3(r.Uniform(62, 78), r.Uniform(75, 92), r.Uniform(65, 82)) * s, r.Uniform(-0.3, 0.3), Harmonic(0.1), Harmonic(0.07), Harmonic(0.05)),
            new LobedEllipsoid(new Point3(-12 * s, 18 * s, z0 + 8), new Point3(18, 18, 30) * s, 0, Harmonic(0.08)),
        };
        if (r.Chance(0.9))
        {
            parts.Add(new LobedEllipsoid(new Point3(r.Uniform(5, 25) * s, r.Uniform(-55, -35) * s, z0 + r.Uniform(10, 30)), new Point3(r.Uniform(40, 62), r.Uniform(28, 40), r.Uniform(25, 38)) * s, r.Uniform(-0.4, 0.1), Harmonic(0.1), Harmonic(0.06)));
        }

        if (r.Chance(0.3))
        {
            // A Riedel lobe: a tongue of the right lobe reaching down.
            parts.Add(new LobedEllipsoid(new Point3(-75 * s, r.Uniform(-10, 10), z0 - (55 * s)), new Point3(28, 32, 45) * s, 0, Harmonic(0.08)));
        }

        return new SolidUnion([.. parts]);
    }

    private ISolid MetaballLiver(double z0, double s)
    {
        var balls = new List<(Point3, double)>();
        var count = r.Int(5, 9);
        for (var i = 0; i < count; i++)
        {
            balls.Add((new Point3((-55 + r.Uniform(-30, 30)) * s, r.Uniform(-35, 25) * s, z0 + r.Uniform(-45, 40)), r.Uniform(30, 45) * s));
        }

        for (var i = 0; i < 3; i++)
        {
            balls.Add((new Point3((-10 + (i * 15) + r.Uniform(-5, 5)) * s, r.Uniform(-50, -30) * s, z0 + r.Uniform(10, 30)), r.Uniform(20, 28) * s));
        }

        return new Metaballs([.. balls], 0.55);
    }

    private List<ISolid> LiverVessels(ISolid liver, double z0, double s, double spineY)
    {
        var vessels = new List<ISolid>();
        var hilum = new Point3(-25 * s, 5, z0 - 8);
        vessels.Add(new Capsule(new Point3(-10, spineY - 45, z0 - 45), hilum, r.Uniform(6, 8)));
        foreach (var target in PointsInside(liver, r.Int(4, 7)))
        {
            vessels.Add(new Capsule(hilum, target, r.Uniform(2.5, 5)));
        }

        var confluence = new Point3(-22, spineY - 26, z0 + (45 * s));
        foreach (var target in PointsInside(liver, 3))
        {
            vessels.Add(new Capsule(confluence, target, r.Uniform(3, 5.5)));
        }

        return vessels;
    }

    private List<Point3> PointsInside(ISolid solid, int count)
    {
        var points = new List<Point3>();
        var (min, max) = solid.Bounds;
        for (var attempt = 0; attempt < 4000 && points.Count < count; attempt++)
        {
            var p = new Point3(r.Uniform(min.X, max.X), r.Uniform(min.Y, max.Y), r.Uniform(min.Z, max.Z));
            if (solid.Contains(p))
            {
                points.Add(p);
            }
        }

        return points;
    }

    private void AddRibs(double rx, double ry, double z0, double dome)
    {
        var pitch = r.Uniform(22, 28);
        var radius = alternate ? 5.5 : 4.5;
        for (var level = dome + 40; level > z0 - 110; level -= pitch)
        {
            foreach (var side in new[] { -1, 1 })
            {
                // From the back (near the spine) round the side to the front, descending as ribs do.
                Point3? previous = null;
                for (var k = 0; k <= 8; k++)
                {
                    var angle = (Math.PI / 2) - (side * (0.3 + (k * 0.22)));
                    var point = new Point3(rx * Math.Cos(angle), ry * Math.Sin(angle), level - (k * 3.5));
                    if (previous is { } p)
                    {
                        layers.Add(new AnatomyLayer("rib", new Capsule(p, point, radius), 650, LayerLabel.None));
                    }

                    previous = point;
                }
            }
        }
    }

    private (int, int, double, double) Harmonic(double amplitude) =>
        (r.Int(2, alternate ? 8 : 5), r.Int(0, 3), r.Uniform(0.3, 1) * amplitude, r.Uniform(0, 2 * Math.PI));

    private void Add(string name, ISolid solid, double hu) => layers.Add(new AnatomyLayer(name, solid, hu, LayerLabel.None));
}
