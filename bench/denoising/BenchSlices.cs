using RadCnn.Training.Phantoms.LowDoseCt;

namespace RadCnn.Bench.Denoising;

/// <summary>
/// The slices every mode of the bench scores on: the body generator (the training anatomy) and the insert generator
/// (a head-sized object with low-contrast inserts, fewer photons and more electronic noise), 256 x 256, generated two
/// slices at a time.
/// </summary>
internal static class BenchSlices
{
    public const int Size = 256;

    /// <param name="sparseViews">The low dose on every k-th view only (1: all views; the streaks of sparse-view FBP above 1).</param>
    /// <remarks>RADCNN_BENCH_TEXTURE=1 draws the body slices with parenchymal texture (<see cref="BodySliceModel.Texture"/>).</remarks>
    public static LowDoseCtGenerator Body(double dose, int sparseViews = 1) =>
        new(new BodySliceModel { Texture = Environment.GetEnvironmentVariable("RADCNN_BENCH_TEXTURE") == "1" }, Size, dose) { SparseViewFactor = sparseViews };

    /// <param name="sparseViews">The low dose on every k-th view only (1: all views).</param>
    public static LowDoseCtGenerator Inserts(double dose, int sparseViews = 1) => new(new InsertSliceModel(), Size, dose) { StandardPhotons = 1e5, ElectronicNoise = 12, SparseViewFactor = sparseViews };

    /// <summary>The first <paramref name="count"/> slices of <paramref name="seed"/>.</summary>
    public static LowDoseCtCase[] Generate(LowDoseCtGenerator generator, int seed, int count)
    {
        var cases = new LowDoseCtCase[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => cases[i] = generator.Generate(seed, i));
        return cases;
    }

    /// <summary>Both generators' first <paramref name="count"/> slices of <paramref name="seed"/>, by generator name.</summary>
    public static List<(string Name, LowDoseCtCase[] Cases)> OfBoth(double dose, int seed, int count) =>
        [.. new[] { Body(dose), Inserts(dose) }.Select(g => (g.Name, Generate(g, seed, count)))];
}
