using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tests.Diagnostics;

/// <summary>Runs alone: the live-tensor count is process-wide, so other tests must not create tensors meanwhile.</summary>
[CollectionDefinition(nameof(TensorLeakTests), DisableParallelization = true)]
public sealed class TensorLeakCollection;

[Collection(nameof(TensorLeakTests))]
public sealed class TensorLeakTests
{
    [Fact]
    public async Task The_live_tensor_count_returns_to_its_baseline_after_1000_requests()
    {
        await using var engine = new InferenceEngine(TestNets.Options(o => o.MaxBatchWait = TimeSpan.FromMilliseconds(1)));
        using var model = engine.Register(TestNets.Registration("leak-check", () => TestNets.SmallCnn(), [1, 32, 32]) with { FeatureLayer = "features" });
        using var image = engine.Register(TestNets.Registration("leak-check-image", () => nn.Sequential(("conv", nn.Conv2d(1, 1, 3, padding: 1))), [1, 32, 32], ModelOutputKind.Image) with { InputRange = (-4, 4) });
        using var input = TestNets.RandomInput(1, 1, 32, 32);

        // Warm up every path once, then let the garbage of earlier tests be finalised before the baseline.
        (await engine.InferAsync(model, input, InferencePriority.Routine, CancellationToken.None)).Dispose();
        await engine.ProbeAsync(model, input, InferencePriority.Routine, CancellationToken.None);
        await engine.ProbeAsync(image, input, InferencePriority.Routine, CancellationToken.None);
        (await engine.ExplainAsync(model, input, 0, InferencePriority.Routine, CancellationToken.None)).Dispose();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = InferenceEngine.LiveTensorCount;

        // 1,000 inferences from 16 concurrent callers (so micro-batches form), plus probes (classifier and image) and explanations.
        var next = 0;
        var callers = Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= 1000)
            {
                using var y = await engine.InferAsync(model, input, InferencePriority.Routine, CancellationToken.None);
            }
        });
        await Task.WhenAll(callers);
        for (var i = 0; i < 10; i++)
        {
            await engine.ProbeAsync(model, input, InferencePriority.Background, CancellationToken.None);
            await engine.ProbeAsync(image, input, InferencePriority.Background, CancellationToken.None);
            (await engine.ExplainAsync(model, input, 1, InferencePriority.Stat, CancellationToken.None)).Dispose();
        }

        // No GC here: a leaked tensor would be finalised by a collection and hide the leak.
        Assert.Equal(baseline, InferenceEngine.LiveTensorCount);
    }
}
