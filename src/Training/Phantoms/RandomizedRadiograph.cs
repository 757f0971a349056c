namespace RadCnn.Training.Phantoms;

/// <summary>
/// <see cref="ChestRadiographGenerator"/> under domain randomisation: the same anatomy and lesion
/// models, drawn from wider ranges, seen by a randomised detector. Every draw beyond the default
/// generator's comes from its own stream, so the class and lesions of a case depend on the seed alone.
/// </summary>
internal static class RandomizedRadiograph
{
    public static PhantomCase Generate(ChestRadiographGenerator generator, RadiographDomainRandomization options, int seed, int index)
    {
        var patient = index / generator.ImagesPerPatient;
        var anatomy = ChestAnatomy.DrawVaried(new SeededRandom(seed, patient, 1));
        var random = new SeededRandom(seed, index, 2);
        var domain = new SeededRandom(seed, index, 3);
        _ = random.Uniform(0.6, 1.5); // the default exposure draw, kept so the lesion draws match the default stream's order
        var tuberculosis = random.Chance(generator.TuberculosisFraction);

        var aspect = Math.Exp(domain.Uniform(Math.Log(options.MinAspect), Math.Log(options.MaxAspect)));
        var geometry = RadiographGeometry.Varied(generator.Size, aspect, domain.Uniform(0.92, 1.15), domain.Uniform(-0.06, 0.06), domain.Uniform(-0.05, 0.05), domain.Uniform(-5, 5));
        var (rows, columns) = (geometry.Rows, geometry.Columns);
        var line = new double[rows * columns];
        var lungDepth = new double[line.Length];
        for (var i = 0; i < line.Length; i++)
        {
            line[i] = anatomy.Attenuation(geometry.X[i], geometry.Y[i], out lungDepth[i]);
        }

        var mask = new byte[line.Length];
        var lesions = tuberculosis ? TuberculosisLesions.Paint(anatomy, random, line, lungDepth, mask, geometry) : [];

        var exposure = Math.Exp(domain.Uniform(Math.Log(options.MinExposure), Math.Log(options.MaxExposure)));
        var scatter = domain.Uniform(0, 0.3);
        var correlated = domain.Uniform(0, options.MaxCorrelatedNoise);
        var noiseSigma = domain.Uniform(0.8, 3);
        var gamma = Math.Exp(domain.Uniform(-Math.Log(options.MaxGamma), Math.Log(options.MaxGamma)));
        var sCurve = domain.Uniform(0, 0.6);
        var scale = domain.Uniform(750, 1500);
        var offset = domain.Uniform(250, 800);
        AddCorrelatedNoise(line, rows, columns, correlated, noiseSigma, domain);
        if (domain.Chance(options.CollimationProbability))
        {
            Collimate(line, rows, columns, domain);
        }

        if (domain.Chance(options.MarkerProbability))
        {
            AddMarker(line, rows, columns, domain);
        }

        var max = (1 << ChestRadiographGenerator.BitsStored) - 1;
        var quanta = ChestRadiographGenerator.ReferenceQuanta * exposure;
        var grid = domain.Chance(options.GridProbability) ? (Period: domain.Uniform(2.1, 4.5), Amplitude: domain.Uniform(0.005, 0.03), Vertical: domain.Chance(0.5)) : (Period: 0.0, Amplitude: 0.0, Vertical: false);
        var values = new double[line.Length];
        for (var i = 0; i < line.Length; i++)
        {
            // Scatter adds a share of the mean primary to every pixel: flatter contrast, a grey veil.
            var primary = quanta * Math.Exp(-line[i]);
            var expected = primary + (scatter * quanta * Math.Exp(-1.5));
            var counted = Math.Max(1.0, expected + (Math.Sqrt(expected) * domain.Gaussian()));
            var value = Math.Max(0, -Math.Log(counted / ChestRadiographGenerator.ReferenceQuanta) + Math.Log(exposure));
            var t = Math.Clamp(value / 4.0, 0, 1);
            var toned = Math.Pow(t, gamma);
            toned = ((1 - sCurve) * toned) + (sCurve / (1 + Math.Exp(-8 * (toned - 0.5))));
            if (grid.Amplitude > 0)
            {
                var position = grid.Vertical ? i % columns : i / columns;
                toned += grid.Amplitude * Math.Sin(2 * Math.PI * position / grid.Period);
            }

            values[i] = toned;
        }

        var post = new SeededRandom(seed, index, 4);
        if (post.Chance(options.EdgeEnhancementProbability))
        {
            values = Sharpen(values, rows, columns, post.Uniform(0.3, Math.Max(0.3, options.MaxEdgeEnhancement)), post.Int(2, 9));
        }

        var pixels = new ushort[line.Length];
        for (var i = 0; i < line.Length; i++)
        {
            pixels[i] = (ushort)Math.Clamp(Math.Round(offset + (values[i] * 4.0 * scale)), 0, max);
        }

        return new PhantomCase
        {
            Id = FormattableString.Invariant($"cxr-s{seed}-{index:D6}"),
            PatientKey = FormattableString.Invariant($"cxr-s{seed}-p{patient:D6}"),
            Height = rows,
            Width = columns,
            Pixels = pixels,
            BitsStored = ChestRadiographGenerator.BitsStored,
            PixelSpacingMm = Math.Round(generator.FieldOfViewMm / rows, 6),
            Window = (offset + (1.6 * scale), 3.2 * scale),
            Label = tuberculosis ? 1 : 0,
            LabelName = generator.ClassNames[tuberculosis ? 1 : 0],
            LesionMask = mask,
            Lesions = lesions,
            Parameters = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["patient_size"] = Math.Round(anatomy.Scale, 4),
                ["exposure"] = Math.Round(exposure, 4),
                ["lesions"] = lesions.Count,
                ["aspect"] = Math.Round(aspect, 4),
                ["gamma"] = Math.Round(gamma, 4),
                ["scatter"] = Math.Round(scatter, 4),
            },
        };
    }

    /// <summary>Detector noise with texture: white noise blurred by a Gaussian of <paramref name="sigma"/> pixels (separable box passes).</summary>
    private static void AddCorrelatedNoise(double[] line, int rows, int columns, double amplitude, double sigma, SeededRandom random)
    {
        if (amplitude <= 0)
        {
            return;
        }

        var noise = new double[line.Length];
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = random.Gaussian();
        }

        var radius = Math.Max(1, (int)Math.Round(sigma));
        for (var pass = 0; pass < 2; pass++)
        {
            noise = Box(noise, rows, columns, radius, horizontal: true);
            noise = Box(noise, rows, columns, radius, horizontal: false);
        }

        var sd = Math.Sqrt(noise.Average(v => v * v));
        for (var i = 0; i < line.Length; i++)
        {
            line[i] += amplitude * noise[i] / Math.Max(sd, 1e-9);
        }
    }

    /// <summary>Unsharp masking: the image plus <paramref name="amount"/> times its difference from a blurred copy (two box passes of <paramref name="radius"/>).</summary>
    private static double[] Sharpen(double[] values, int rows, int columns, double amount, int radius)
    {
        var blurred = values;
        for (var pass = 0; pass < 2; pass++)
        {
            blurred = Box(blurred, rows, columns, radius, horizontal: true);
            blurred = Box(blurred, rows, columns, radius, horizontal: false);
        }

        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i] + (amount * (values[i] - blurred[i]));
        }

        return result;
    }

    private static double[] Box(double[] values, int rows, int columns, int radius, bool horizontal)
    {
        var result = new double[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                double sum = 0;
                var count = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    var (rr, cc) = horizontal ? (r, c + k) : (r + k, c);
                    if (rr >= 0 && rr < rows && cc >= 0 && cc < columns)
                    {
                        sum += values[(rr * columns) + cc];
                        count++;
                    }
                }

                result[(r * columns) + c] = sum / count;
            }
        }

        return result;
    }

    /// <summary>Collimator blades: outside the field the detector sees almost no primary beam (bright, high attenuation).</summary>
    private static void Collimate(double[] line, int rows, int columns, SeededRandom random)
    {
        var top = (int)(rows * random.Uniform(0, 0.07));
        var bottom = (int)(rows * random.Uniform(0, 0.07));
        var left = (int)(columns * random.Uniform(0, 0.07));
        var right = (int)(columns * random.Uniform(0, 0.07));
        var blade = random.Uniform(2.5, 3.5);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (r < top || r >= rows - bottom || c < left || c >= columns - right)
                {
                    line[(r * columns) + c] = Math.Max(line[(r * columns) + c], blade);
                }
            }
        }
    }

    /// <summary>A lead side marker ("L" or "R" as bars) in an upper corner, outside the lungs.</summary>
    private static void AddMarker(double[] line, int rows, int columns, SeededRandom random)
    {
        var size = (int)(Math.Min(rows, columns) * random.Uniform(0.05, 0.09));
        var left = random.Chance(0.5);
        var r0 = (int)(rows * random.Uniform(0.03, 0.12));
        var c0 = left ? (int)(columns * random.Uniform(0.03, 0.1)) : columns - size - (int)(columns * random.Uniform(0.03, 0.1));
        var stroke = Math.Max(1, size / 4);
        var lead = random.Uniform(2, 3.5);
        for (var r = r0; r < r0 + size && r < rows; r++)
        {
            for (var c = c0; c < c0 + size && c < columns; c++)
            {
                var (dr, dc) = (r - r0, c - c0);
                var stem = dc < stroke;
                var foot = dr >= size - stroke;
                var head = !left && (dr < stroke || (dc >= size - stroke && dr < size / 2) || (dr >= size / 2 - (stroke / 2) && dr < (size / 2) + (stroke / 2)) || (dc - stroke == dr - (size / 2) && dr > size / 2));
                if (c >= 0 && (stem || (left && foot) || head))
                {
                    line[(r * columns) + c] += lead;
                }
            }
        }
    }
}
