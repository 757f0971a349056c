namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>
/// Draws 0-4 nodules per phantom and paints them. Benign: small, smooth and round (some calcified,
/// some flattened on a fissure). Malignant: larger, lobulated or spiculated, or part-solid with a
/// ground-glass halo. The sizes overlap (benign 4-14 mm, malignant 7-30 mm) as in real scans.
/// </summary>
internal static class NodulePainter
{
    public static List<ChestCtNodule> Paint(VolumeCanvas canvas, ChestCtAnatomy anatomy, ChestCtStyle style, SeededRandom random, double zLow, double zHigh)
    {
        var draw = random.Uniform(0, 1);
        var count = draw < 0.15 ? 0 : draw < 0.45 ? 1 : draw < 0.7 ? 2 : draw < 0.88 ? 3 : 4;
        var nodules = new List<ChestCtNodule>();
        for (var n = 0; n < count; n++)
        {
            var malignant = random.Chance(style.MalignantFraction);
            var kind = malignant
                ? (NoduleKind)(3 + random.Int(0, 3))
                : random.Uniform(0, 1) switch { < 0.5 => NoduleKind.Solid, < 0.75 => NoduleKind.Calcified, _ => NoduleKind.Perifissural };
            var diameter = malignant
                ? Math.Clamp(Math.Exp(random.Uniform(Math.Log(7), Math.Log(30))), 7, 30)
                : Math.Clamp(Math.Exp(random.Uniform(Math.Log(4), Math.Log(14))), 4, 14);
            if (Place(anatomy, random, kind, diameter / 2, zLow, zHigh, nodules) is not { } centre)
            {
                continue;
            }

            var nodule = new ChestCtNodule(nodules.Count + 1, centre.X, centre.Y, centre.Z, diameter, kind);
            PaintOne(canvas, anatomy, style, random, nodule);
            nodules.Add(nodule);
        }

        return nodules;
    }

    private static (double X, double Y, double Z)? Place(ChestCtAnatomy anatomy, SeededRandom random, NoduleKind kind, double radius, double zLow, double zHigh, List<ChestCtNodule> placed)
    {
        // Keep the whole nodule (and a margin) inside the scanned slab and the lung, apart from the others.
        var margin = radius + 3;
        if (zHigh - zLow < 2 * margin)
        {
            return null;
        }

        for (var attempt = 0; attempt < 200; attempt++)
        {
            var side = random.Chance(0.5) ? 1 : -1;
            var x = side * (anatomy.LungCentreX + (random.Uniform(-0.8, 0.8) * anatomy.LungHalfWidth));
            var y = anatomy.LungCentreY + (random.Uniform(-0.85, 0.85) * anatomy.LungHalfDepth);
            var z = random.Uniform(zLow + margin, zHigh - margin);
            if (kind == NoduleKind.Perifissural)
            {
                // Move onto the fissure plane along its normal.
                var (nx, ny, nz, offset) = anatomy.FissureOf(side);
                var d = (nx * x) + (ny * y) + (nz * z) - offset + (radius * 0.3);
                (x, y, z) = (x - (nx * d), y - (ny * d), z - (nz * d));
                if (z < zLow + margin || z > zHigh - margin)
                {
                    continue;
                }
            }

            if (anatomy.LungDepth(x, y, z) < margin)
            {
                continue;
            }

            if (placed.Any(p => Math.Sqrt(Square(p.X - x) + Square(p.Y - y) + Square(p.Z - z)) < (p.DiameterMm / 2) + radius + 15))
            {
                continue;
            }

            return (x, y, z);
        }

        return null;
    }

    private static void PaintOne(VolumeCanvas canvas, ChestCtAnatomy anatomy, ChestCtStyle style, SeededRandom random, ChestCtNodule nodule)
    {
        var centre = (nodule.X, nodule.Y, nodule.Z);
        var r = nodule.DiameterMm / 2;
        var solid = random.Uniform(style.SolidHu.Low, style.SolidHu.High);
        var label = (byte)nodule.Number;
        var phase = new[] { random.Uniform(0, 6.28), random.Uniform(0, 6.28), random.Uniform(0, 6.28) };
        // A slight random elongation so that even smooth nodules are not perfect spheres.
        var stretch = new[] { random.Uniform(0.9, 1.1), random.Uniform(0.9, 1.1), random.Uniform(0.9, 1.1) };
        double Smooth(double x, double y, double z) =>
            r - Math.Sqrt(Square((x - nodule.X) / stretch[0]) + Square((y - nodule.Y) / stretch[1]) + Square((z - nodule.Z) / stretch[2]));
        double Lobulated(double x, double y, double z, double amplitude)
        {
            var (dx, dy, dz) = (x - nodule.X, y - nodule.Y, z - nodule.Z);
            var distance = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
            if (distance < 1e-6)
            {
                return r;
            }

            var theta = Math.Atan2(dy, dx);
            var phi = Math.Acos(Math.Clamp(dz / distance, -1, 1));
            var k = style.LobulationOrder;
            var bumps = (Math.Sin((k * theta) + phase[0]) * Math.Sin(((k - 1) * phi) + phase[1])) + (0.5 * Math.Cos(((k + 2) * theta) + phase[2]));
            return (r * (1 + (amplitude * bumps))) - distance;
        }

        switch (nodule.Kind)
        {
            case NoduleKind.Solid:
                canvas.Paint(centre, r * 1.3, Smooth, (_, _, _) => (float)solid, label);
                break;
            case NoduleKind.Calcified:
                var diffuse = random.Chance(0.4);
                var calcium = random.Uniform(350, 900);
                canvas.Paint(centre, r * 1.3, Smooth, (_, _, _) => (float)(diffuse ? calcium : solid), label);
                if (!diffuse)
                {
                    var core = r * random.Uniform(0.35, 0.6);
                    canvas.Paint(centre, core + 2, (x, y, z) => core - Math.Sqrt(Square(x - nodule.X) + Square(y - nodule.Y) + Square(z - nodule.Z)), (_, _, _) => (float)calcium, label);
                }

                break;
            case NoduleKind.Perifissural:
                var (nx, ny, nz, _) = anatomy.FissureOf(nodule.X >= 0 ? 1 : -1);
                canvas.Paint(centre, r * 1.3, (x, y, z) =>
                {
                    // Lentiform: thin across the fissure, wide along it.
                    var (dx, dy, dz) = (x - nodule.X, y - nodule.Y, z - nodule.Z);
                    var across = (dx * nx) + (dy * ny) + (dz * nz);
                    var along = Math.Sqrt(Math.Max(0, (dx * dx) + (dy * dy) + (dz * dz) - (across * across)));
                    return r - Math.Sqrt(Square(along) + Square(across / 0.45));
                }, (_, _, _) => (float)solid, label);
                break;
            case NoduleKind.Lobulated:
                canvas.Paint(centre, r * 1.5, (x, y, z) => Lobulated(x, y, z, 0.18), (_, _, _) => (float)solid, label);
                break;
            case NoduleKind.Spiculated:
                canvas.Paint(centre, r * 1.5, (x, y, z) => Lobulated(x, y, z, 0.1), (_, _, _) => (float)solid, label);
                var spikes = random.Int(6, 13);
                for (var s = 0; s < spikes; s++)
                {
                    var d = Unit(random);
                    var length = r * random.Uniform(0.8, 1.6);
                    var thickness = random.Uniform(0.5, 0.9);
                    var a = (nodule.X + (d.X * r * 0.7), nodule.Y + (d.Y * r * 0.7), nodule.Z + (d.Z * r * 0.7));
                    var b = (nodule.X + (d.X * (r + length)), nodule.Y + (d.Y * (r + length)), nodule.Z + (d.Z * (r + length)));
                    var mid = ((a.Item1 + b.Item1) / 2, (a.Item2 + b.Item2) / 2, (a.Item3 + b.Item3) / 2);
                    canvas.Paint(mid, (length / 2) + (r * 0.3) + 2, (x, y, z) => thickness - Segment((x, y, z), a, b), (_, _, _) => (float)(solid - 20), where: anatomy.IsLung);
                }

                break;
            default:
                var ground = random.Uniform(-560, -420);
                var coreRadius = r * random.Uniform(0.3, 0.55);
                canvas.Paint(centre, r * 1.5, (x, y, z) => Lobulated(x, y, z, 0.08), (_, _, _) => (float)ground, label);
                canvas.Paint(centre, coreRadius + 2, (x, y, z) => coreRadius - Math.Sqrt(Square(x - nodule.X) + Square(y - nodule.Y) + Square(z - nodule.Z)), (_, _, _) => (float)solid, label);
                break;
        }
    }

    private static (double X, double Y, double Z) Unit(SeededRandom random)
    {
        var (x, y, z) = (random.Gaussian(), random.Gaussian(), random.Gaussian());
        var length = Math.Max(1e-9, Math.Sqrt((x * x) + (y * y) + (z * z)));
        return (x / length, y / length, z / length);
    }

    private static double Segment((double X, double Y, double Z) p, (double X, double Y, double Z) a, (double X, double Y, double Z) b)
    {
        var ab = (X: b.X - a.X, Y: b.Y - a.Y, Z: b.Z - a.Z);
        var ap = (X: p.X - a.X, Y: p.Y - a.Y, Z: p.Z - a.Z);
        var t = Math.Clamp(((ap.X * ab.X) + (ap.Y * ab.Y) + (ap.Z * ab.Z)) / Math.Max(1e-9, (ab.X * ab.X) + (ab.Y * ab.Y) + (ab.Z * ab.Z)), 0, 1);
        return Math.Sqrt(Square(ap.X - (t * ab.X)) + Square(ap.Y - (t * ab.Y)) + Square(ap.Z - (t * ab.Z)));
    }

    private static double Square(double v) => v * v;
}
