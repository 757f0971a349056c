namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// A deliberately different generator for checking that a model learned denoising and not the body
/// phantom: a round, head-sized object with a dense shell, a smoothly textured interior (sums of
/// random sinusoids, ±8 HU), rectangular and triangular inserts of −200 to +400 HU, and square
/// low-contrast inserts (4-10 mm, ±5-12 HU) instead of discs. No lungs, no spine, no ellipses inside.
/// </summary>
public sealed class InsertSliceModel(double fieldOfViewMm = 380) : ICtSliceModel
{
    public string Name => "inserts";

    public double FieldOfViewMm { get; } = fieldOfViewMm;

    public CtAnatomySlice Draw(int seed, int patient, int slice, int size)
    {
        var p = new SeededRandom(seed, patient, 41);
        var s = new SeededRandom(seed, patient, slice, 42);
        var radius = p.Uniform(0.45, 0.6);
        var shell = p.Uniform(0.04, 0.08);
        var backgroundHu = p.Uniform(0, 40);
        var canvas = new SliceCanvas(size, -1000);
        canvas.Set(0, 0, radius, radius * p.Uniform(0.85, 1.0), 0, p.Uniform(700, 1100));
        var inner = radius - shell;
        canvas.Set(0, 0, inner, inner * 0.92, 0, backgroundHu);
        bool Inside(double x, double y) => SliceCanvas.InEllipse(x, y, 0, 0, inner, inner * 0.92, 0);
        var waves = Enumerable.Range(0, 4).Select(_ => (Fx: s.Uniform(2, 9), Fy: s.Uniform(2, 9), Phase: s.Uniform(0, 6.28), Amp: s.Uniform(1, 3))).ToList();
        canvas.AddField(Inside, (x, y) => waves.Sum(w => w.Amp * Math.Sin((w.Fx * x) + (w.Fy * y) + w.Phase)));
        var inserts = s.Int(2, 5);
        var occupied = new List<(double X, double Y, double R)>();
        for (var i = 0; i < inserts; i++)
        {
            var x = s.Uniform(-0.45, 0.45) * inner;
            var y = s.Uniform(-0.45, 0.45) * inner;
            var half = s.Uniform(0.04, 0.12);
            var hu = s.Uniform(-200, 400);
            if (s.Chance(0.5))
            {
                canvas.SetWhere((u, v) => Math.Abs(u - x) < half && Math.Abs(v - y) < half * 0.6, hu);
            }
            else
            {
                canvas.SetWhere((u, v) => v < y + half && v - y > -half + (2 * Math.Abs(u - x)), hu);
            }

            occupied.Add((x, y, half * 1.5));
        }

        var pixelMm = FieldOfViewMm / size;
        var lesions = new List<CtLesion>();
        for (var attempt = 0; attempt < 60 && lesions.Count < 3; attempt++)
        {
            var x = s.Uniform(-0.6, 0.6) * inner;
            var y = s.Uniform(-0.6, 0.6) * inner;
            var sideMm = s.Uniform(4, 10);
            var half = sideMm / 2 / pixelMm * 2 / size;
            if (occupied.Any(q => Math.Max(Math.Abs(q.X - x), Math.Abs(q.Y - y)) < q.R + (half * 3)))
            {
                continue;
            }

            var contrast = (s.Chance(0.5) ? 1 : -1) * s.Uniform(5, 12);
            canvas.AddField((u, v) => Math.Abs(u - x) < half && Math.Abs(v - y) < half, (_, _) => contrast);
            occupied.Add((x, y, half));
            var (row, column) = canvas.ToPixel(x, y);
            lesions.Add(new CtLesion(row, column, half * size / 2, contrast, backgroundHu));
        }

        // Uniform here means "no insert nearby"; the texture is part of the background (±8 HU at most).
        var mask = new byte[size * size];
        for (var row = 0; row < size; row++)
        {
            for (var col = 0; col < size; col++)
            {
                var x = ((col + 0.5) / size * 2) - 1;
                var y = ((row + 0.5) / size * 2) - 1;
                if (SliceCanvas.InEllipse(x, y, 0, 0, inner * 0.8, inner * 0.75, 0)
                    && occupied.All(q => Math.Max(Math.Abs(q.X - x), Math.Abs(q.Y - y)) > q.R + (6.0 / size)))
                {
                    mask[(row * size) + col] = 1;
                }
            }
        }

        return new CtAnatomySlice { Size = size, Hu = canvas.Hu, UniformMask = mask, Lesions = lesions, Region = "inserts" };
    }
}
