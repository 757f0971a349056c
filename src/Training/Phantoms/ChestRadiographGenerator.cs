namespace RadCnn.Training.Phantoms;

/// <summary>
/// Posteroanterior chest radiographs built as a projection: each structure adds its attenuation
/// (μ·thickness) along the beam: soft tissue of the trunk, air of the lungs (which removes it), heart,
/// spine, posterior ribs and clavicles, then tuberculosis lesions in the upper lobes. The detector counts
/// Poisson-distributed quanta (noise grows as exposure falls) and stores −ln(I/I₀) as 12-bit values,
/// so bone is bright and lung dark (MONOCHROME2). Patient size, lung and heart shape, rib spacing and
/// exposure vary per case. With a <see cref="RadiographDomainRandomization"/> the detector, position,
/// exposure, noise texture, tone curve, grid lines, markers and collimation vary too (domain randomisation).
/// </summary>
/// <remarks>
/// Coordinates are normalised: x from −1 (image left = patient's right) to 1, y from −1 (top) to 1.
/// </remarks>
public sealed class ChestRadiographGenerator : IPhantomGenerator
{
    internal const int BitsStored = 12;
    internal const double ReferenceQuanta = 3000;
    internal const double StoredScale = 1100;   // stored value per unit of line integral
    internal const double StoredOffset = 500;   // keeps the darkest air above zero at high exposure

    /// <summary>Creates a generator of <paramref name="size"/>×<paramref name="size"/> images.</summary>
    /// <param name="size">Image side in pixels (at least 16).</param>
    /// <param name="tuberculosisFraction">Fraction of cases with tuberculosis lesions.</param>
    /// <param name="imagesPerPatient">Images per synthetic patient (follow-up radiographs share the anatomy).</param>
    /// <param name="fieldOfViewMm">Detector side in mm; the pixel spacing is this over the size.</param>
    /// <param name="randomization">Domain randomisation; null draws only the default anatomy and exposure ranges.</param>
    public ChestRadiographGenerator(int size = 256, double tuberculosisFraction = 0.5, int imagesPerPatient = 1, double fieldOfViewMm = 430, RadiographDomainRandomization? randomization = null)
    {
        randomization?.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(imagesPerPatient, 1);
        if (tuberculosisFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tuberculosisFraction), tuberculosisFraction, "must lie in [0, 1]");
        }

        Size = size;
        TuberculosisFraction = tuberculosisFraction;
        ImagesPerPatient = imagesPerPatient;
        FieldOfViewMm = fieldOfViewMm;
        Randomization = randomization;
    }

    public RadiographDomainRandomization? Randomization { get; }

    public string Name => "cxr";

    public string Modality => "DX";

    public IReadOnlyList<string> ClassNames { get; } = ["normal", "tuberculosis"];

    public int Size { get; }

    public double TuberculosisFraction { get; }

    public int ImagesPerPatient { get; }

    public double FieldOfViewMm { get; }

    public PhantomCase Generate(int seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (Randomization is { } randomization)
        {
            return RandomizedRadiograph.Generate(this, randomization, seed, index);
        }

        var patient = index / ImagesPerPatient;
        var anatomy = ChestAnatomy.Draw(new SeededRandom(seed, patient, 1));
        var random = new SeededRandom(seed, index, 2);
        var exposure = random.Uniform(0.6, 1.5);
        var tuberculosis = random.Chance(TuberculosisFraction);
        var n = Size;
        var line = new double[n * n];
        var lungDepth = new double[n * n];
        for (var row = 0; row < n; row++)
        {
            var y = ((row + 0.5) / n * 2) - 1;
            for (var col = 0; col < n; col++)
            {
                var x = ((col + 0.5) / n * 2) - 1;
                line[(row * n) + col] = anatomy.Attenuation(x, y, out lungDepth[(row * n) + col]);
            }
        }

        var mask = new byte[n * n];
        var lesions = tuberculosis
            ? TuberculosisLesions.Paint(anatomy, random, line, lungDepth, mask, n)
            : [];

        var pixels = Expose(line, exposure, random);
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["patient_size"] = Math.Round(anatomy.Scale, 4),
            ["exposure"] = Math.Round(exposure, 4),
            ["lesions"] = lesions.Count,
        };
        return new PhantomCase
        {
            Id = FormattableString.Invariant($"cxr-s{seed}-{index:D6}"),
            PatientKey = FormattableString.Invariant($"cxr-s{seed}-p{patient:D6}"),
            Height = n,
            Width = n,
            Pixels = pixels,
            BitsStored = BitsStored,
            PixelSpacingMm = Math.Round(FieldOfViewMm / n, 6),
            Window = (StoredOffset + (1.6 * StoredScale), 3.2 * StoredScale),
            Label = tuberculosis ? 1 : 0,
            LabelName = ClassNames[tuberculosis ? 1 : 0],
            LesionMask = mask,
            Lesions = lesions,
            Parameters = parameters,
        };
    }

    // The detector: I = N·e^(−A) quanta with Poisson noise (normal approximation), stored as −ln(I/N_ref).
    // Lower exposure gives fewer quanta, hence more noise and a brighter (shifted) image.
    private static ushort[] Expose(double[] line, double exposure, SeededRandom random)
    {
        var quanta = ReferenceQuanta * exposure;
        var max = (1 << BitsStored) - 1;
        var pixels = new ushort[line.Length];
        for (var i = 0; i < line.Length; i++)
        {
            var expected = quanta * Math.Exp(-line[i]);
            var counted = Math.Max(1.0, expected + (Math.Sqrt(expected) * random.Gaussian()));
            var value = -Math.Log(counted / ReferenceQuanta);
            pixels[i] = (ushort)Math.Clamp(Math.Round(StoredOffset + (value * StoredScale)), 0, max);
        }

        return pixels;
    }
}
