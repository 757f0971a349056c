using System.Globalization;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>Phantoms of the second pelvic MR generator (`--generator alternate`), written once by `radcnn phantom pelvis-mr` with a seed neither training nor threshold choice used.</summary>
public sealed class AlternatePelvisPhantomFixture : IDisposable
{
    public const int Seed = 9101;

    public const int Count = 4;

    private readonly TempDirectory directory = new("radcnn-uterus-alternate");

    public AlternatePelvisPhantomFixture()
    {
        Cli.Run("phantom", "pelvis-mr", "--generator", "alternate", "--count", Count.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--out", directory.Path);
    }

    public string Folder => directory.Path;

    public void Dispose() => directory.Dispose();
}
