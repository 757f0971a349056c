namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// Axial chest and abdomen slices built from ellipses in HU: subcutaneous fat, muscle wall, spine
/// (cortex, marrow, canal), ribs; lungs, heart and aorta in the chest; liver, spleen, kidneys, aorta
/// and bowel gas in the abdomen. The uniform organ (heart or liver) carries 1-4 low-contrast lesions
/// (4-10 mm, ±5-30 HU). Patient size, shape and organ values vary per patient; organs change
/// smoothly from slice to slice. With <see cref="Texture"/> the soft-tissue organs and lungs also carry parenchymal
/// texture (<see cref="ParenchymalTexture"/>); off by default, so the default slices are unchanged.
/// </summary>
public sealed class BodySliceModel(double fieldOfViewMm = 380) : ICtSliceModel
{
    /// <summary>The texture's SD per organ and slice, drawn uniformly in this range (HU).</summary>
    public static readonly (double Low, double High) TextureAmplitudeHu = (3, 20);

    /// <summary>The texture's smoothing kernel SD per organ and slice, drawn uniformly in this range (mm).</summary>
    public static readonly (double Low, double High) TextureKernelSigmaMm = (1.5, 4);

    public string Name => Texture ? "body-textured" : TexturedPatientShare > 0 ? "body-mixed" : "body";

    public double FieldOfViewMm { get; } = fieldOfViewMm;

    /// <summary>
    /// Parenchymal texture inside muscle, lungs, heart, liver, spleen and kidneys: a smooth Gaussian random field of SD
    /// <see cref="TextureAmplitudeHu"/> and kernel <see cref="TextureKernelSigmaMm"/>, zero-mean over each organ, drawn
    /// per organ and slice from the seed on a stream of its own (the geometry, HU and lesions are the untextured
    /// slice's). Without it every organ is uniform, the piecewise-constant image total variation assumes.
    /// </summary>
    public bool Texture { get; init; }

    /// <summary>
    /// Without <see cref="Texture"/>: the share of patients whose slices carry the texture, each patient drawn on a stream
    /// of its own (0 by default: none). A training set of both kinds, so a network sees piecewise-constant organs, where
    /// flattening is right, beside textured ones, where it is not; the anatomy is the same either way.
    /// </summary>
    public double TexturedPatientShare
    {
        get => texturedPatientShare;
        init
        {
            if (!(value is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "the textured share of patients lies in [0, 1]");
            }

            texturedPatientShare = value;
        }
    }

    private readonly double texturedPatientShare;

    /// <summary>Whether patient <paramref name="patient"/> of <paramref name="seed"/> is drawn with texture.</summary>
    public bool IsTextured(int seed, int patient) =>
        Texture || (texturedPatientShare > 0 && new SeededRandom(seed, patient, 34).Chance(texturedPatientShare));

    public CtAnatomySlice Draw(int seed, int patient, int slice, int size)
    {
        var p = new SeededRandom(seed, patient, 31);
        var chest = p.Chance(0.5);
        var a = p.Uniform(0.62, 0.8);
        var b = a * p.Uniform(0.62, 0.78);
        var fat = p.Uniform(0.05, 0.14);
        var fatHu = p.Uniform(-120, -80);
        var muscleHu = p.Uniform(35, 55);
        var organHu = chest ? p.Uniform(35, 55) : p.Uniform(50, 70);
        var phase = p.Uniform(0, 2 * Math.PI);
        var s = new SeededRandom(seed, patient, slice, 32);
        var wobble = 1 + (0.05 * Math.Sin(phase + (slice * 0.35)));
        var canvas = new SliceCanvas(size, -1000);

        // Every ellipse set, in paint order: the texture's regions are the pixels each one owns last, wholly.
        var painted = new List<(string Organ, double X, double Y, double Ax, double Ay, double Angle, double Hu, bool Textured)>();
        void Paint(string organName, double x, double y, double ax, double ay, double angle, double hu, bool textured = false)
        {
            canvas.Set(x, y, ax, ay, angle, hu);
            painted.Add((organName, x, y, ax, ay, angle, hu, textured));
        }

        Paint("fat", 0, 0, a, b, 0, fatHu);
        Paint("muscle", 0, 0.02, a * (1 - fat), b * (1 - (fat * 1.3)), 0, muscleHu, textured: true);
        var inner = (a * (1 - fat) * 0.93, b * (1 - (fat * 1.3)) * 0.9);

        // Organs first, so the spine and ribs sit on top of them.
        (double X, double Y, double Ax, double Ay, double Angle) organ;
        if (chest)
        {
            var lungHu = p.Uniform(-880, -800);
            Paint("right lung", -inner.Item1 * 0.5, -0.02, inner.Item1 * 0.42 * wobble, inner.Item2 * 0.78, 0.1, lungHu, textured: true);
            Paint("left lung", inner.Item1 * 0.5, -0.02, inner.Item1 * 0.4 * wobble, inner.Item2 * 0.78, -0.1, lungHu, textured: true);
            organ = (inner.Item1 * 0.1, inner.Item2 * 0.05, inner.Item1 * 0.3 * wobble, inner.Item2 * 0.42, 0.5);
            Paint("heart", organ.X, organ.Y, organ.Ax, organ.Ay, organ.Angle, organHu, textured: true);
            Paint("aorta", -inner.Item1 * 0.05, inner.Item2 * 0.5, 0.045, 0.045, 0, p.Uniform(40, 200));
            for (var v = 0; v < 3; v++)
            {
                canvas.Add(s.Uniform(-0.5, 0.5) * inner.Item1, s.Uniform(-0.5, 0.3) * inner.Item2, 0.01, 0.01, 0, s.Uniform(-60, 60) + 850);
            }
        }
        else
        {
            organ = (-inner.Item1 * 0.42, -inner.Item2 * 0.12, inner.Item1 * 0.48 * wobble, inner.Item2 * 0.55, 0.3);
            Paint("liver", organ.X, organ.Y, organ.Ax, organ.Ay, organ.Angle, organHu, textured: true);
            Paint("spleen", inner.Item1 * 0.62, -inner.Item2 * 0.05, inner.Item1 * 0.22, inner.Item2 * 0.32, -0.4, p.Uniform(40, 55), textured: true);
            Paint("right kidney", -inner.Item1 * 0.3, inner.Item2 * 0.45, 0.07, 0.1, 0.3, p.Uniform(25, 40), textured: true);
            Paint("left kidney", inner.Item1 * 0.32, inner.Item2 * 0.45, 0.07, 0.1, -0.3, p.Uniform(25, 40), textured: true);
            Paint("aorta", -inner.Item1 * 0.03, inner.Item2 * 0.35, 0.04, 0.04, 0, p.Uniform(40, 220));
            var pockets = s.Int(2, 7);
            for (var g = 0; g < pockets; g++)
            {
                var gx = s.Uniform(-0.05, 0.6) * inner.Item1;
                var gy = s.Uniform(-0.6, 0.1) * inner.Item2;
                Paint("bowel gas", gx, gy, s.Uniform(0.02, 0.07), s.Uniform(0.015, 0.05), s.Uniform(0, Math.PI), s.Uniform(-950, -700));
            }
        }

        // Spine: vertebral body (cortex and marrow), canal behind it.
        var spineY = inner.Item2 * 0.78;
        Paint("vertebral cortex", 0, spineY, 0.085, 0.075, 0, p.Uniform(650, 900));
        Paint("vertebral marrow", 0, spineY, 0.068, 0.06, 0, p.Uniform(180, 280));
        Paint("spinal canal", 0, spineY + 0.11, 0.03, 0.028, 0, 20);
        var ribs = chest ? 10 : 6;
        for (var r = 0; r < ribs; r++)
        {
            var t = Math.PI * (0.15 + (0.7 * r / (ribs - 1)));
            var side = r % 2 == 0 ? 1 : -1;
            var rx = side * Math.Cos(t / 2) * a * (1 - (fat * 1.1)) * 0.97;
            var ry = Math.Sin(t) * b * (1 - (fat * 1.3)) * 0.92 * (r < ribs / 2 ? -1 : 1) * 0.8;
            if (SliceCanvas.InEllipse(rx, ry, 0, 0.02, a * (1 - fat), b * (1 - (fat * 1.3)), 0))
            {
                Paint("rib", rx, ry, 0.022, 0.016, t, p.Uniform(500, 800));
            }
        }

        var textureRegions = IsTextured(seed, patient) ? TextureRegions(canvas, painted, size) : [];

        // Low-contrast lesions inside the uniform organ; the mask keeps its interior away from them.
        var pixelMm = FieldOfViewMm / size;
        var lesions = new List<CtLesion>();
        var count = s.Int(1, 5);
        var placed = new List<(double X, double Y, double R)>();
        for (var attempt = 0; attempt < 60 && lesions.Count < count; attempt++)
        {
            var u = s.Uniform(-0.6, 0.6);
            var v = s.Uniform(-0.6, 0.6);
            var c = Math.Cos(organ.Angle);
            var sn = Math.Sin(organ.Angle);
            var x = organ.X + (u * organ.Ax * c) - (v * organ.Ay * sn);
            var y = organ.Y + (u * organ.Ax * sn) + (v * organ.Ay * c);
            var diameterMm = s.Uniform(4, 10);
            var radius = diameterMm / 2 / pixelMm * 2 / size;
            if (placed.Any(q => Math.Sqrt(Math.Pow(q.X - x, 2) + Math.Pow(q.Y - y, 2)) < (q.R + radius) * 2.5))
            {
                continue;
            }

            var contrast = (s.Chance(0.5) ? 1 : -1) * (s.Chance(0.6) ? s.Uniform(5, 10) : s.Uniform(10, 30));
            canvas.Add(x, y, radius, radius, 0, contrast);
            placed.Add((x, y, radius));
            var (row, column) = canvas.ToPixel(x, y);
            lesions.Add(new CtLesion(row, column, radius * size / 2, contrast, organHu));
        }

        var mask = new byte[size * size];
        for (var row = 0; row < size; row++)
        {
            for (var col = 0; col < size; col++)
            {
                var x = ((col + 0.5) / size * 2) - 1;
                var y = ((row + 0.5) / size * 2) - 1;
                if (SliceCanvas.InEllipse(x, y, organ.X, organ.Y, organ.Ax * 0.8, organ.Ay * 0.8, organ.Angle)
                    && placed.All(q => Math.Sqrt(Math.Pow(q.X - x, 2) + Math.Pow(q.Y - y, 2)) > q.R + (6.0 / size))
                    && Math.Abs(canvas.Hu[(row * size) + col] - organHu) < 0.5)
                {
                    mask[(row * size) + col] = 1;
                }
            }
        }

        // After the mask, which is the untextured organ's: the regions scored are the same with and without texture.
        var textures = new List<OrganTexture>();
        var textureRandom = new SeededRandom(seed, patient, slice, 33);
        foreach (var (texturedOrgan, region) in textureRegions)
        {
            var amplitude = textureRandom.Uniform(TextureAmplitudeHu.Low, TextureAmplitudeHu.High);
            var sigmaMm = textureRandom.Uniform(TextureKernelSigmaMm.Low, TextureKernelSigmaMm.High);
            ParenchymalTexture.Add(canvas.Hu, region, size, amplitude, sigmaMm / pixelMm, textureRandom);
            textures.Add(new OrganTexture(texturedOrgan, amplitude, sigmaMm, region));
        }

        return new CtAnatomySlice { Size = size, Hu = canvas.Hu, UniformMask = mask, Lesions = lesions, Region = chest ? "chest" : "abdomen", Textures = textures };
    }

    /// <summary>
    /// Each textured organ's pixels: those whose centre the organ's ellipse was the last painted to cover, still at the
    /// organ's HU (so partial-volume edges, and the spine, ribs, calcifications or gas drawn over it, are left out).
    /// </summary>
    private static List<(string Organ, byte[] Region)> TextureRegions(
        SliceCanvas canvas, List<(string Organ, double X, double Y, double Ax, double Ay, double Angle, double Hu, bool Textured)> painted, int size)
    {
        var regions = painted.Select(e => e.Textured ? new byte[size * size] : null).ToArray();
        for (var row = 0; row < size; row++)
        {
            for (var col = 0; col < size; col++)
            {
                var x = ((col + 0.5) / size * 2) - 1;
                var y = ((row + 0.5) / size * 2) - 1;
                for (var e = painted.Count - 1; e >= 0; e--)
                {
                    var (_, cx, cy, ax, ay, angle, hu, _) = painted[e];
                    if (!SliceCanvas.InEllipse(x, y, cx, cy, ax, ay, angle))
                    {
                        continue;
                    }

                    if (regions[e] is { } region && Math.Abs(canvas.Hu[(row * size) + col] - hu) < 0.5)
                    {
                        region[(row * size) + col] = 1;
                    }

                    break;
                }
            }
        }

        return [.. painted.Select((e, i) => (e.Organ, Region: regions[i])).Where(r => r.Region is not null).Select(r => (r.Organ, r.Region!))];
    }
}
