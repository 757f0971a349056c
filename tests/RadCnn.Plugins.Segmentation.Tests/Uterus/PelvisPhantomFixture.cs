using System.Globalization;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>
/// Pelvic MR phantoms written once by `radcnn phantom pelvis-mr` with a seed neither training (seed 1)
/// nor threshold choice (seed 501) used, shared by the tests of a collection.
/// </summary>
public sealed class PelvisPhantomFixture : IDisposable
{
    public const int Seed = 9101;

    public const int Count = 4;

    private readonly TempDirectory directory = new("radcnn-uterus");

    public PelvisPhantomFixture()
    {
        Cli.Run("phantom", "pelvis-mr", "--count", Count.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--out", directory.Path);
        Cases = Directory.GetDirectories(directory.Path).Order(StringComparer.Ordinal).ToList();
    }

    public string Folder => directory.Path;

    /// <summary>Each case's folder (mr/*.dcm, seg.dcm), in index order.</summary>
    public IReadOnlyList<string> Cases { get; }

    public string MrFolder(int index) => Path.Combine(Cases[index], "mr");

    public string SegPath(int index) => Path.Combine(Cases[index], "seg.dcm");

    public void Dispose() => directory.Dispose();
}
