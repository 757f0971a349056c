namespace RadCnn.Training.Phantoms;

/// <summary>
/// A second chest radiograph generator, written apart from <see cref="ChestRadiographGenerator"/> and
/// used only to judge models trained on that one (never to train them). Everything a model could have
/// learned about the first generator is different here: portrait detectors, lungs as superellipses
/// with domed diaphragms and a flattened mediastinal border, a two-lobed heart, a trachea, scapulae and
/// breast shadows, anterior and posterior ribs as circular arcs, no clavicles; 14-bit values on a
/// square-root tone curve with unsharp-mask edge enhancement (as commercial post-processing does),
/// additive plus signal-dependent Gaussian noise with 1/f texture; tuberculosis as clusters of small
/// acinar nodules, apical fibrocalcific streaks or a cavity with an air-fluid level.
/// </summary>
public sealed class AlternateChestRadiographGenerator : IPhantomGenerator
{
    private const int Bits = 14;

    public AlternateChestRadiographGenerator(int size = 192, double tuberculosisFraction = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 32);
        if (tuberculosisFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tuberculosisFraction), tuberculosisFraction, "must lie in [0, 1]");
        }

        Size = size;
        TuberculosisFraction = tuberculosisFraction;
    }

    public string Name => "cxr-alt";

    public string Modality => "CR";

    public IReadOnlyList<string> ClassNames { get; } = ["normal", "tuberculosis"];

    public int Size { get; }

    public double TuberculosisFraction { get; }

    public PhantomCase Generate(int seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var rnd = new SeededRandom(seed, index, 77);
        var rows = Size;
        var columns = (int)Math.Round(Size * rnd.Uniform(0.82, 0.97)); // portrait cassette
        var tb = rnd.Chance(TuberculosisFraction);
        var body = new Body(rnd);
        var mu = new double[rows * columns];
        var mask = new byte[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                // Physical coordinates in units of the half-height, origin at the image centre.
                var x = (c - (columns / 2.0)) / (rows / 2.0);
                var y = (r - (rows / 2.0)) / (rows / 2.0);
                mu[(r * columns) + c] = body.Path(x, y);
            }
        }

        var lesions = new List<PhantomLesion>();
        if (tb)
        {
            var count = rnd.Int(1, 3);
            for (var k = 0; k < count; k++)
            {
                lesions.Add(body.PaintLesion(rnd, mu, mask, rows, columns));
            }
        }

        var pixels = Detect(mu, rows, columns, rnd);
        return new PhantomCase
        {
            Id = FormattableString.Invariant($"cxralt-s{seed}-{index:D6}"),
            PatientKey = FormattableString.Invariant($"cxralt-s{seed}-p{index:D6}"),
            Height = rows,
            Width = columns,
            Pixels = pixels,
            BitsStored = Bits,
            PixelSpacingMm = Math.Round(400.0 / rows, 6),
            Window = (8000, 12000),
            Label = tb ? 1 : 0,
            LabelName = ClassNames[tb ? 1 : 0],
            LesionMask = mask,
            Lesions = lesions,
            Parameters = new Dictionary<string, double>(StringComparer.Ordinal) { ["lesions"] = lesions.Count },
        };
    }

    /// <summary>Square-root tone curve of the transmitted intensity, unsharp masking, noise, 14-bit.</summary>
    private static ushort[] Detect(double[] mu, int rows, int columns, SeededRandom rnd)
    {
        var dose = rnd.Uniform(0.5, 2);
        var n = mu.Length;
        var signal = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Attenuation shown bright: 1 − sqrt(transmission), a different curve than −ln.
            signal[i] = 1 - Math.Sqrt(Math.Exp(-0.9 * mu[i]));
        }

        // 1/f-like texture: the sum of three octaves of smoothed noise.
        var texture = new double[n];
        foreach (var (radius, weight) in new[] { (1, 0.5), (3, 0.3), (7, 0.2) })
        {
            var octave = new double[n];
            for (var i = 0; i < n; i++)
            {
                octave[i] = rnd.Gaussian();
            }

            octave = Smooth(octave, rows, columns, radius);
            var sd = Math.Sqrt(octave.Average(v => v * v));
            for (var i = 0; i < n; i++)
            {
                texture[i] += weight * octave[i] / Math.Max(sd, 1e-9);
            }
        }

        var blurred = Smooth(signal, rows, columns, Math.Max(2, rows / 24));
        var sharpen = rnd.Uniform(0.3, 1.0);
        var pixels = new ushort[n];
        var max = (1 << Bits) - 1;
        var noise = 0.012 / Math.Sqrt(dose);
        for (var i = 0; i < n; i++)
        {
            var v = signal[i] + (sharpen * (signal[i] - blurred[i]));
            v += noise * ((0.6 * texture[i]) + (0.8 * Math.Sqrt(Math.Max(0, v)) * rnd.Gaussian()));
            pixels[i] = (ushort)Math.Clamp(Math.Round(1000 + (v * 14000)), 0, max);
        }

        return pixels;
    }

    private static double[] Smooth(double[] values, int rows, int columns, int radius)
    {
        var tmp = new double[values.Length];
        var result = new double[values.Length];
        for (var r = 0; r < rows; r++)
        {
            double sum = 0;
            var count = 0;
            for (var c = -radius; c < columns + radius; c++)
            {
                if (c + radius < columns)
                {
                    sum += values[(r * columns) + c + radius];
                    count++;
                }

                if (c - radius - 1 >= 0)
                {
                    sum -= values[(r * columns) + c - radius - 1];
                    count--;
                }

                if (c >= 0 && c < columns)
                {
                    tmp[(r * columns) + c] = sum / count;
                }
            }
        }

        for (var c = 0; c < columns; c++)
        {
            double sum = 0;
            var count = 0;
            for (var r = -radius; r < rows + radius; r++)
            {
                if (r + radius < rows)
                {
                    sum += tmp[((r + radius) * columns) + c];
                    count++;
                }

                if (r - radius - 1 >= 0)
                {
                    sum -= tmp[((r - radius - 1) * columns) + c];
                    count--;
                }

                if (r >= 0 && r < rows)
                {
                    result[(r * columns) + c] = sum / count;
                }
            }
        }

        return result;
    }

    /// <summary>One patient's thorax in the alternate model.</summary>
    private sealed class Body(SeededRandom rnd)
    {
        private readonly double width = rnd.Uniform(0.62, 0.8);
        private readonly double thickness = rnd.Uniform(1.6, 2.6);
        private readonly double lungHalfWidth = rnd.Uniform(0.22, 0.28);
        private readonly double lungCentre = rnd.Uniform(0.27, 0.33);
        private readonly double apex = rnd.Uniform(-0.72, -0.6);
        private readonly double dome = rnd.Uniform(0.35, 0.55);
        private readonly double heartRadius = rnd.Uniform(0.22, 0.3);
        private readonly double ribPitch = rnd.Uniform(0.085, 0.11);
        private readonly double breast = rnd.Chance(0.4) ? rnd.Uniform(0.2, 0.5) : 0;
        private readonly double tilt = rnd.Uniform(-0.05, 0.05);

        /// <summary>Total attenuation along the ray at (x, y).</summary>
        public double Path(double x, double y)
        {
            x -= tilt * y;
            var edge = Math.Pow(Math.Abs(x) / width, 4);
            if (edge >= 1)
            {
                return 0.05;
            }

            var tissue = thickness * Math.Pow(1 - edge, 0.25);
            if (y < apex - 0.05)
            {
                // Shoulders and neck: the trunk narrows smoothly.
                var neck = Math.Clamp((apex - 0.05 - y) / 0.3, 0, 1);
                tissue *= 1 - (neck * Math.Clamp((Math.Abs(x) - 0.12) / 0.2, 0, 1));
            }

            var lung = Math.Max(Lung(x, y, -1), Lung(x, y, 1));
            var heart = Heart(x, y);
            tissue -= 1.2 * Math.Max(0, lung - (1.1 * heart));
            tissue += 0.35 * heart;
            if (Math.Abs(x) < 0.035 && y < apex + 0.25 && y > apex - 0.3)
            {
                tissue -= 0.25; // tracheal air column
            }

            if (Math.Abs(x) < 0.05)
            {
                tissue += 0.45; // vertebral bodies, without the first generator's stripe pattern
            }

            tissue += Ribs(x, y) + Scapula(x, y);
            if (breast > 0 && y > 0.15)
            {
                tissue += breast * Math.Clamp(1 - (Math.Pow((Math.Abs(x) - 0.35) / 0.25, 2) + Math.Pow((y - 0.45) / 0.3, 2)), 0, 1);
            }

            return Math.Max(0, tissue);
        }

        /// <summary>Lung depth (0 outside, up to 1) of one side: a superellipse whose lower edge is a diaphragm dome.</summary>
        public double Lung(double x, double y, int side)
        {
            var cx = side * lungCentre;
            var u = (x - cx) / lungHalfWidth;
            if (side * (x - cx) < 0)
            {
                u *= 1.4; // flatter mediastinal border
            }

            var bottom = apex + 1.25 - (0.12 * Math.Cos(Math.Clamp(u, -1, 1) * Math.PI / 2) * dome / 0.45);
            var v = (y - ((apex + bottom) / 2)) / ((bottom - apex) / 2);
            var r = Math.Pow(Math.Abs(u), 2.6) + Math.Pow(Math.Abs(v), 2.2);
            return r < 1 ? Math.Pow(1 - r, 0.6) : 0;
        }

        private double Heart(double x, double y)
        {
            var cy = apex + 0.9;
            var a = Disk(x, y, 0.06, cy, heartRadius);
            var b = Disk(x, y, 0.06 + (0.7 * heartRadius), cy + (0.15 * heartRadius), heartRadius * 0.8);
            return Math.Max(a, b);
        }

        private static double Disk(double x, double y, double cx, double cy, double radius)
        {
            var d2 = (Math.Pow(x - cx, 2) + Math.Pow(y - cy, 2)) / (radius * radius);
            return d2 < 1 ? Math.Sqrt(1 - d2) : 0;
        }

        private double Ribs(double x, double y)
        {
            var lateral = Math.Abs(x);
            if (lateral < 0.06 || lateral > width * 0.92)
            {
                return 0;
            }

            double total = 0;
            for (var k = 0; k < 11; k++)
            {
                // Posterior rib: an arc of a large circle, concave downward.
                var centreY = apex + 0.03 + (k * ribPitch) + 0.9;
                var d = Math.Abs(Math.Sqrt(Math.Pow(lateral + 0.1, 2) + Math.Pow(y - centreY, 2)) - 0.95);
                total += d < 0.012 ? 0.22 : 0;

                // Anterior rib: fainter, sloping down towards the midline.
                var anterior = apex + 0.1 + (k * ribPitch * 1.1) + (0.25 * (width - lateral));
                total += Math.Abs(y - anterior) < 0.01 && lateral > 0.15 ? 0.1 : 0;
            }

            return total;
        }

        private double Scapula(double x, double y)
        {
            var lateral = Math.Abs(x);
            var inside = Math.Pow((lateral - (width * 0.82)) / 0.12, 2) + Math.Pow((y - (apex + 0.2)) / 0.3, 2);
            return inside < 1 ? 0.25 * (1 - inside) : 0;
        }

        /// <summary>Paints one tuberculosis lesion in an upper zone and marks it; returns it in pixel units.</summary>
        public PhantomLesion PaintLesion(SeededRandom random, double[] mu, byte[] mask, int rows, int columns)
        {
            var side = random.Chance(0.5) ? -1 : 1;
            var kind = random.Int(0, 3) switch { 0 => "acinar cluster", 1 => "fibrocalcific", _ => "cavity" };
            var cx = (side * lungCentre) + (random.Uniform(-0.5, 0.5) * lungHalfWidth);
            var cy = apex + random.Uniform(0.12, 0.45);
            var radius = random.Uniform(0.06, 0.13);
            var spots = kind switch
            {
                "acinar cluster" => Enumerable.Range(0, random.Int(8, 16)).Select(_ => (random.Uniform(-1, 1) * radius, random.Uniform(-1, 1) * radius, random.Uniform(0.012, 0.025), random.Uniform(0.35, 0.7))).ToArray(),
                "fibrocalcific" => Enumerable.Range(0, random.Int(4, 8)).Select(_ => (random.Uniform(-1, 1) * radius, random.Uniform(-0.4, 0.4) * radius, random.Uniform(0.008, 0.016), random.Uniform(0.8, 1.3))).ToArray(),
                _ => [],
            };
            var strands = kind == "fibrocalcific" ? random.Uniform(-0.6, 0.6) : 0;
            var wall = random.Uniform(0.45, 0.8);
            var fluid = random.Uniform(-0.2, 0.4);
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    var x = (c - (columns / 2.0)) / (rows / 2.0);
                    var y = (r - (rows / 2.0)) / (rows / 2.0);
                    var xt = x - (tilt * y);
                    if (Math.Max(Lung(xt, y, -1), Lung(xt, y, 1)) <= 0)
                    {
                        continue;
                    }

                    var (dx, dy) = (xt - cx, y - cy);
                    double added = 0;
                    foreach (var (sx, sy, sr, sc) in spots)
                    {
                        added += sc * Math.Exp(-((Math.Pow(dx - sx, 2) + Math.Pow(dy - sy, 2)) / (2 * sr * sr)));
                    }

                    if (kind == "fibrocalcific")
                    {
                        // Streaks running up to the apex.
                        var along = (dx * Math.Cos(strands)) + (dy * Math.Sin(strands));
                        var across = (-dx * Math.Sin(strands)) + (dy * Math.Cos(strands));
                        added += Math.Abs(along) < radius * 1.3 && Math.Abs(Math.Sin(across * 90)) > 0.85 ? 0.25 : 0;
                    }
                    else if (kind == "cavity")
                    {
                        var d = Math.Sqrt((dx * dx) + (dy * dy)) / radius;
                        if (d < 1)
                        {
                            // A ring of wall around air; fluid fills the cavity below a level.
                            added += d > 0.65 ? wall : dy / radius > fluid ? wall * 0.9 : -0.4 * wall;
                        }
                    }

                    if (added > 0.05)
                    {
                        mu[(r * columns) + c] += added;
                        mask[(r * columns) + c] = 1;
                    }
                    else if (added < 0)
                    {
                        mu[(r * columns) + c] += added;
                    }
                }
            }

            var column = (cx + (tilt * cy)) * (rows / 2.0) + (columns / 2.0);
            var row = (cy * (rows / 2.0)) + (rows / 2.0);
            return new PhantomLesion(kind, column, row, radius * rows / 2.0, Math.Round(wall, 4));
        }
    }
}
