namespace RadCnn.Training.Phantoms;

/// <summary>
/// Post-primary tuberculosis as seen on a radiograph: patchy consolidation (opacity), nodules and
/// thick-walled cavities, placed in the upper zones of either lung with varied size and contrast.
/// </summary>
internal static class TuberculosisLesions
{
    private static readonly string[] Kinds = ["opacity", "nodule", "cavity"];

    /// <summary>Adds 1 to 3 lesions to the line integrals, marks them in the mask, returns them in pixel units.</summary>
    public static IReadOnlyList<PhantomLesion> Paint(ChestAnatomy anatomy, SeededRandom random, double[] line, double[] lungDepth, byte[] mask, int n) =>
        Paint(anatomy, random, line, lungDepth, mask, RadiographGeometry.Square(n));

    /// <summary>The same on any detector geometry (rows × columns, the anatomy's coordinates of each pixel).</summary>
    public static IReadOnlyList<PhantomLesion> Paint(ChestAnatomy anatomy, SeededRandom random, double[] line, double[] lungDepth, byte[] mask, RadiographGeometry geometry)
    {
        var lesions = new List<PhantomLesion>();
        var count = random.Int(1, 4);
        for (var k = 0; k < count; k++)
        {
            var kind = Kinds[random.Int(0, Kinds.Length)];
            var side = random.Chance(0.5) ? -1 : 1;
            var (cx, cy, a, b) = anatomy.Lung(side);
            // Upper zone: from the apex to a little above the hilum, well inside the lung outline.
            var ly = cy - (b * random.Uniform(0.3, 0.78));
            var halfWidthAtY = a * Math.Sqrt(Math.Max(0, 1 - Math.Pow((ly - cy) / b, 2)));
            var lx = cx + (halfWidthAtY * random.Uniform(-0.65, 0.65));
            var (radius, contrast) = kind switch
            {
                "opacity" => (random.Uniform(0.08, 0.18), random.Uniform(0.3, 0.7)),
                "nodule" => (random.Uniform(0.03, 0.07), random.Uniform(0.4, 0.8)),
                _ => (random.Uniform(0.05, 0.11), random.Uniform(0.4, 0.8)),
            };
            var blobs = kind == "opacity" ? Blobs(random, radius) : [];
            for (var i = 0; i < line.Length; i++)
            {
                {
                    var (x, y) = (geometry.X[i], geometry.Y[i]);
                    var (added, inside) = Profile(kind, x - lx, y - ly, radius, contrast, blobs);
                    if (lungDepth[i] <= 0)
                    {
                        continue; // lesions of the lung parenchyma stop at the pleura
                    }

                    line[i] += added;
                    if (inside)
                    {
                        mask[i] = 1;
                    }
                }
            }

            var (column, row) = geometry.ToPixel(lx, ly);
            lesions.Add(new PhantomLesion(kind, column, row, radius * geometry.PixelsPerUnit, Math.Round(contrast, 4)));
        }

        return lesions;
    }

    // A core at the centre and satellites around it: patchy, ill-defined, never hollow in the middle.
    private static (double Dx, double Dy, double R)[] Blobs(SeededRandom random, double radius) =>
        [
            (0, 0, radius * 0.5),
            .. Enumerable.Range(0, 3).Select(_ => (random.Uniform(-0.5, 0.5) * radius, random.Uniform(-0.5, 0.5) * radius, radius * random.Uniform(0.35, 0.6))),
        ];

    private static (double Added, bool Inside) Profile(string kind, double dx, double dy, double radius, double contrast, (double Dx, double Dy, double R)[] blobs)
    {
        var d = Math.Sqrt((dx * dx) + (dy * dy));
        switch (kind)
        {
            case "opacity":
                // Ill-defined consolidation: overlapping soft blobs.
                var sum = 0.0;
                foreach (var (bx, by, br) in blobs)
                {
                    var d2 = Math.Pow(dx - bx, 2) + Math.Pow(dy - by, 2);
                    sum += Math.Exp(-d2 / (2 * br * br));
                }

                var value = contrast * Math.Min(1, sum);
                return (value, value > 0.35 * contrast);
            case "nodule":
                // A sphere projects to a half-ellipse profile with a sharp edge.
                return d < radius ? (contrast * Math.Sqrt(1 - Math.Pow(d / radius, 2)), true) : (0, false);
            default:
                // Cavity: a thick wall of tissue around an air-filled centre.
                if (d >= radius)
                {
                    return (0, false);
                }

                var inner = 0.6 * radius;
                var wall = contrast * Math.Sqrt(1 - Math.Pow(d / radius, 2));
                var air = d < inner ? 1.25 * contrast * (inner / radius) * Math.Sqrt(1 - Math.Pow(d / inner, 2)) : 0;
                return (wall - air, true);
        }
    }
}
