namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// Low-dose CT pairs by physics: a phantom slice in HU becomes attenuation (μ = μwater(1 + HU/1000)),
/// is forward-projected in parallel beam, and each ray's photon count is drawn from a Poisson
/// distribution with mean I₀·exp(−∫μ) plus Gaussian electronic noise; the log-converted sinogram is
/// reconstructed by filtered back-projection. The standard dose uses I₀; the low dose I₀ × the dose
/// fraction (optionally on every k-th view only: sparse view). The noise-free sinogram, reconstructed
/// the same way, is the truth.
/// </summary>
public sealed class LowDoseCtGenerator
{
    /// <summary>Linear attenuation of water at about 70 keV, per mm.</summary>
    public const double WaterMu = 0.0193;

    public LowDoseCtGenerator(ICtSliceModel model, int size = 256, double doseFraction = 0.1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 32);
        if (doseFraction is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(doseFraction), doseFraction, "the dose fraction must lie in (0, 1]");
        }

        Model = model;
        Size = size;
        DoseFraction = doseFraction;
    }

    public ICtSliceModel Model { get; }

    public int Size { get; }

    public double DoseFraction { get; }

    public double FieldOfViewMm { get; init; } = 380;

    /// <summary>Views over 180°; default 1.5 per detector bin, enough that streaks come from noise, not sampling.</summary>
    public int? Views { get; init; }

    /// <summary>Incident photons per ray at the standard dose.</summary>
    public double StandardPhotons { get; init; } = 1.5e5;

    /// <summary>Standard deviation of the detector's electronic noise, in photons.</summary>
    public double ElectronicNoise { get; init; } = 6;

    public ReconstructionFilter Filter { get; init; } = ReconstructionFilter.Ramp;

    /// <summary>The low dose keeps every k-th view only (1: all views).</summary>
    public int SparseViewFactor { get; init; } = 1;

    public int SlicesPerPatient { get; init; } = 4;

    public double SliceThicknessMm { get; init; } = 5;

    /// <summary>When set, each case draws its dose log-uniformly from this range instead of <see cref="DoseFraction"/> (training).</summary>
    public (double Low, double High)? DoseRange { get; init; }

    public string Name => "ldct-" + Model.Name;

    public double PixelSpacingMm => FieldOfViewMm / Size;

    /// <summary>The patient key of patient <paramref name="patient"/> of <paramref name="seed"/> (its slices share it; the trainer splits by it).</summary>
    public string PatientKey(int seed, int patient) => FormattableString.Invariant($"{Name}-s{seed}-p{patient}");

    public LowDoseCtCase Generate(int seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var patient = index / SlicesPerPatient;
        var slice = index % SlicesPerPatient;
        var anatomy = Model.Draw(seed, patient, slice, Size);
        var random = new SeededRandom(seed, index, 51);
        var dose = DoseRange is { } range ? Math.Exp(random.Uniform(Math.Log(range.Low), Math.Log(range.High))) : DoseFraction;
        var pixelMm = PixelSpacingMm;
        var mu = new float[anatomy.Hu.Length];
        for (var i = 0; i < mu.Length; i++)
        {
            mu[i] = (float)Math.Max(0, WaterMu * (1 + (anatomy.Hu[i] / 1000.0)) * pixelMm);
        }

        var angles = ParallelBeamProjector.Angles(Views ?? (Size * 3 / 2));
        var clean = ParallelBeamProjector.Forward(mu, Size, angles);
        var truth = ToHu(FilteredBackProjection.Reconstruct(clean, Size, angles, Filter), pixelMm);
        var standard = ToHu(FilteredBackProjection.Reconstruct(Noisy(clean, StandardPhotons, new SeededRandom(seed, index, 52)), Size, angles, Filter), pixelMm);
        var lowAngles = angles;
        var lowSinogram = Noisy(clean, StandardPhotons * dose, new SeededRandom(seed, index, 53));
        if (SparseViewFactor > 1)
        {
            var keep = Enumerable.Range(0, angles.Length).Where(v => v % SparseViewFactor == 0).ToArray();
            lowAngles = keep.Select(v => angles[v]).ToArray();
            var sparse = new float[keep.Length * Size];
            for (var k = 0; k < keep.Length; k++)
            {
                Array.Copy(lowSinogram, keep[k] * Size, sparse, k * Size, Size);
            }

            lowSinogram = sparse;
        }

        var low = ToHu(FilteredBackProjection.Reconstruct(lowSinogram, Size, lowAngles, Filter), pixelMm);
        return new LowDoseCtCase
        {
            Id = FormattableString.Invariant($"{Name}-s{seed}-p{patient:D3}-z{slice:D2}"),
            PatientKey = PatientKey(seed, patient),
            Patient = patient,
            Slice = slice,
            Size = Size,
            PixelSpacingMm = pixelMm,
            DoseFraction = dose,
            Truth = truth,
            StandardDose = standard,
            LowDose = low,
            Anatomy = anatomy,
            Parameters = new Dictionary<string, double>
            {
                ["dose_fraction"] = dose,
                ["standard_photons_per_ray"] = StandardPhotons,
                ["electronic_noise_photons"] = ElectronicNoise,
                ["views"] = angles.Length,
                ["low_dose_views"] = lowAngles.Length,
                ["pixel_spacing_mm"] = pixelMm,
            },
        };
    }

    /// <summary>Photon counts for each ray (Poisson + electronic noise), back to line integrals.</summary>
    private float[] Noisy(float[] lineIntegrals, double photons, SeededRandom random)
    {
        var noisy = new float[lineIntegrals.Length];
        for (var i = 0; i < noisy.Length; i++)
        {
            var mean = photons * Math.Exp(-lineIntegrals[i]);
            var counts = Poisson(mean, random) + (ElectronicNoise * random.Gaussian());

            // Log of a non-positive count is undefined; scanners clamp the same way before the log.
            noisy[i] = (float)-Math.Log(Math.Max(counts, 0.5) / photons);
        }

        return noisy;
    }

    private static double Poisson(double mean, SeededRandom random)
    {
        if (mean > 50)
        {
            return Math.Round(mean + (Math.Sqrt(mean) * random.Gaussian()));
        }

        // Knuth's product method: exact for the small means behind dense bone at very low doses.
        var limit = Math.Exp(-mean);
        var product = random.Uniform(0, 1);
        var k = 0;
        while (product > limit)
        {
            k++;
            product *= random.Uniform(0, 1);
        }

        return k;
    }

    private static float[] ToHu(float[] muPerPixel, double pixelMm)
    {
        var hu = new float[muPerPixel.Length];
        for (var i = 0; i < hu.Length; i++)
        {
            hu[i] = (float)(1000 * ((muPerPixel[i] / (WaterMu * pixelMm)) - 1));
        }

        return hu;
    }
}
