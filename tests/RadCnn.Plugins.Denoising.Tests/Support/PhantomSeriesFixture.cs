using System.Globalization;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Denoising.Tests.Support;

/// <summary>
/// One synthetic patient written by `radcnn phantom low-dose-ct` at 1/10 dose with a seed the training
/// never used (training used seed 1): four low-dose, standard-dose and truth slices, shared by the
/// tests of a collection.
/// </summary>
public sealed class PhantomSeriesFixture : IDisposable
{
    public const int Seed = 9001;

    public const int Count = 4;

    private readonly TempDirectory directory = new("radcnn-denoising");

    public PhantomSeriesFixture()
    {
        Cli.Run("phantom", "low-dose-ct", "--count", Count.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--dose", "0.1", "--size", "256", "--out", directory.Path);
    }

    public string Folder => directory.Path;

    public IReadOnlyList<string> Files(string role) => Directory.GetFiles(Path.Combine(directory.Path, role), "*.dcm").Order(StringComparer.Ordinal).ToList();

    public void Dispose() => directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PhantomSeriesCollection : ICollectionFixture<PhantomSeriesFixture>
{
    public const string Name = "low-dose CT phantoms";
}
