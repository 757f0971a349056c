using System.Globalization;
using RadCnn.TestSupport;

namespace RadCnn.Samples.HelloPlugin.Tests;

/// <summary>
/// Chest radiograph phantoms written once by `radcnn phantom cxr` with a seed training never used (the
/// committed model was trained on seed 1), at the size the recipe generates (128 px).
/// </summary>
public sealed class PhantomFolderFixture : IDisposable
{
    public const int Count = 40;

    private readonly TempDirectory directory = new("radcnn-hello");

    public PhantomFolderFixture()
    {
        Sample.Radcnn("phantom", "cxr", "--count", Count.ToString(CultureInfo.InvariantCulture), "--seed", "9001", "--size", "128", "--out", directory.Path);
        Labels = [.. File.ReadAllLines(Path.Combine(directory.Path, "labels.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Select(p => (File: Path.Combine(directory.Path, p[1]), Label: p[2]))];
    }

    /// <summary>Each image file with its label ("normal" or "tuberculosis").</summary>
    public IReadOnlyList<(string File, string Label)> Labels { get; }

    public string First(string label) => Labels.First(l => l.Label == label).File;

    public void Dispose() => directory.Dispose();
}
