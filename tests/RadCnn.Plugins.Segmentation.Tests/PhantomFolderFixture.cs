using System.Globalization;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>
/// Abdominal CT phantoms written once by `radcnn phantom abdomen-ct` with a seed the training never
/// used (training used seed 1), shared by the tests of a collection.
/// </summary>
public sealed class PhantomFolderFixture : IDisposable
{
    public const int Seed = 9001;

    public const int Count = 3;

    private readonly TempDirectory directory = new("radcnn-segmentation");

    public PhantomFolderFixture()
    {
        Cli.Run("phantom", "abdomen-ct", "--count", Count.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--out", directory.Path);
        Cases = Directory.GetDirectories(directory.Path).Order(StringComparer.Ordinal).ToList();
    }

    public string Folder => directory.Path;

    /// <summary>Each case's folder (ct/*.dcm, seg.dcm), in index order.</summary>
    public IReadOnlyList<string> Cases { get; }

    public string CtFolder(int index) => Path.Combine(Cases[index], "ct");

    public string SegPath(int index) => Path.Combine(Cases[index], "seg.dcm");

    public void Dispose() => directory.Dispose();
}
