using RadCnn.Abstractions.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tests.Models;

public sealed class ModelStoreTests
{
    [Fact]
    public async Task An_evicted_model_is_rebuilt_on_next_use_and_gives_the_same_outputs()
    {
        using var dir = new TestSupport.TempDirectory();
        var factoryA = TestNets.SavedFactory(dir.Combine("a.bin"), () => TestNets.SmallCnn());
        var factoryB = TestNets.SavedFactory(dir.Combine("b.bin"), () => TestNets.SmallCnn());
        long oneModel;
        using (var probe = TestNets.SmallCnn())
        {
            oneModel = probe.parameters().Sum(p => p.NumberOfElements * 4);
        }

        // Room for one model and a half: loading B must evict idle A.
        await using var engine = new InferenceEngine(TestNets.Options(o => o.MemoryBudgetBytes = oneModel * 3 / 2));
        using var a = engine.Register(TestNets.Registration("a", factoryA, [1, 32, 32]));
        using var input = TestNets.RandomInput(7, 1, 32, 32);
        using var before = await engine.InferAsync(a, input, InferencePriority.Routine, CancellationToken.None);
        Assert.True(engine.IsOnDevice(a));

        using var b = engine.Register(TestNets.Registration("b", factoryB, [1, 32, 32]));
        Assert.False(engine.IsOnDevice(a));
        Assert.True(engine.IsOnDevice(b));
        Assert.Equal(oneModel, engine.LoadedBytes);

        using var after = await engine.InferAsync(a, input, InferencePriority.Routine, CancellationToken.None);
        Assert.True(engine.IsOnDevice(a));
        Assert.False(engine.IsOnDevice(b));
        Assert.True(before.allclose(after, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public async Task An_explicitly_evicted_model_reloads_transparently()
    {
        var created = 0;
        await using var engine = new InferenceEngine(TestNets.Options());
        using var model = engine.Register(TestNets.Registration("counted", () =>
        {
            Interlocked.Increment(ref created);
            return nn.Sequential(("linear", nn.Linear(4, 2)));
        }, [4]));
        Assert.Equal(1, created);
        Assert.True(engine.TryEvict(model));
        Assert.Equal(0, engine.LoadedBytes);
        using var x = torch.ones(4);
        using var y = await engine.InferAsync(model, x, InferencePriority.Stat, CancellationToken.None);
        Assert.Equal(2, created);
        Assert.Equal([2L], y.shape);
    }

    [Fact]
    public async Task Registration_rejects_bad_shapes_broken_factories_and_missing_feature_layers()
    {
        await using var engine = new InferenceEngine(TestNets.Options());
        // Two versions of a plugin live side by side during a hot reload and may use the same name.
        using var first = engine.Register(TestNets.Registration("dup", () => TestNets.SmallCnn(), [1, 32, 32]));
        using var second = engine.Register(TestNets.Registration("dup", () => TestNets.SmallCnn(), [1, 32, 32]));
        Assert.Throws<ArgumentException>(() => engine.Register(TestNets.Registration("shape", () => TestNets.SmallCnn(), [1, 0, 32])));
        var missing = Assert.Throws<InferenceException>(() => engine.Register(
            TestNets.Registration("nolayer", () => TestNets.SmallCnn(), [1, 32, 32]) with { FeatureLayer = "nope" }));
        Assert.Contains("'nolayer'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("features", missing.Message, StringComparison.Ordinal);
        var broken = Assert.Throws<InferenceException>(() => engine.Register(
            TestNets.Registration("broken", () => throw new FileNotFoundException("weights.bin missing"), [1, 32, 32])));
        Assert.Equal(InferenceFailure.ModelThrew, broken.Failure);
        Assert.Contains("weights.bin missing", broken.Message, StringComparison.Ordinal);

        // A failed registration leaves nothing behind.
        using var again = engine.Register(TestNets.Registration("broken", () => TestNets.SmallCnn(), [1, 32, 32]));
    }
}
