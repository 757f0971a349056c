using RadCnn.TestSupport;
using RadCnn.Training.Data;

namespace RadCnn.Training.Tests.Data;

/// <summary>
/// A sample's seed is the same in every process: Python's hashlib, a separate process with its own string hashing,
/// recomputes it from the documented scheme, and different seeds or keys give different values.
/// </summary>
public sealed class StableSeedTests
{
    [Fact]
    public void AnotherProcessRecomputesItFromTheDocumentedScheme()
    {
        string[] keys = ["ldct-body-s1-p003-z02", "ldct-body-s1-p003-z02/lesion-patches", "chest-s7-c0012", "é ü 中"];
        var result = Peers.RunPython(
            "import hashlib,sys\nfor k in sys.argv[2:]: print(int.from_bytes(hashlib.sha256(f'{sys.argv[1]}\\n{k}'.encode()).digest()[:4], 'little') & 0x7fffffff)",
            ["42", .. keys]);
        Assert.True(result.ExitCode == 0, result.Combined);
        var fromPython = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        Assert.Equal(keys.Select(k => StableSeed.Of(42, k)), fromPython);
    }

    [Fact]
    public void SeedsAndKeysBothChangeIt()
    {
        var values = new[] { StableSeed.Of(1, "a"), StableSeed.Of(2, "a"), StableSeed.Of(1, "b"), StableSeed.Of(-1, "a") };
        Assert.Equal(values.Length, values.Distinct().Count());
        Assert.All(values, v => Assert.InRange(v, 0, int.MaxValue));
    }
}
