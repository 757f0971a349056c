using RadCnn.TestSupport;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>
/// Chest radiograph phantoms written once by `radcnn phantom cxr` with a seed the training never used
/// (training used seed 1), shared by the tests of a collection.
/// </summary>
public sealed class PhantomFolderFixture : IDisposable
{
    public const int Seed = 9001;

    public const int Count = 160;

    private readonly TempDirectory directory = new("radcnn-detection");

    public PhantomFolderFixture()
    {
        Cli.Run("phantom", "cxr", "--count", Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--size", "192", "--out", directory.Path);
        Labels = File.ReadAllLines(Path.Combine(directory.Path, "labels.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Select(p => (File: Path.Combine(directory.Path, p[1]), Label: p[2]))
            .ToList();
    }

    public string Folder => directory.Path;

    /// <summary>Each image file with its label name ("normal" or "tuberculosis").</summary>
    public IReadOnlyList<(string File, string Label)> Labels { get; }

    public void Dispose() => directory.Dispose();
}
