using System.Globalization;
using RadCnn.Dicom;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// Chest CT series written once by `radcnn phantom chest-ct` with a seed the training (seed 1) and
/// the threshold calibration (seed 2) never used, shared by the tests of a collection.
/// </summary>
public sealed class ChestCtFixture : IDisposable
{
    public const int Seed = 9101;

    public const int Count = 6;

    private readonly TempDirectory directory = new("radcnn-classification");

    public ChestCtFixture()
    {
        Cli.Run("phantom", "chest-ct", "--count", Count.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--out", directory.Path);
        Nodules = File.ReadAllLines(Path.Combine(directory.Path, "nodules.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Select(p => new TruthRow(p[0], double.Parse(p[3], CultureInfo.InvariantCulture), double.Parse(p[4], CultureInfo.InvariantCulture), double.Parse(p[5], CultureInfo.InvariantCulture), double.Parse(p[6], CultureInfo.InvariantCulture), p[7], p[8]))
            .ToList();
        Series = Directory.GetDirectories(Path.Combine(directory.Path, "series")).Order(StringComparer.Ordinal).ToList();
    }

    public string Folder => directory.Path;

    /// <summary>Series folders (one per phantom), in phantom order.</summary>
    public IReadOnlyList<string> Series { get; }

    public IReadOnlyList<TruthRow> Nodules { get; }

    public IReadOnlyList<DicomFile> Files(string series) => Directory.GetFiles(series, "*.dcm").Order(StringComparer.Ordinal).Select(f => DicomFile.Open(f)).ToList();

    public void Dispose() => directory.Dispose();

    public sealed record TruthRow(string Series, double X, double Y, double Z, double Diameter, string Label, string Kind);
}
