using RadCnn.Abstractions.Engine;
using RadCnn.Engine;
using RadCnn.Training.Models;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Models;

public sealed class TinyClassifierTests
{
    /// <summary>
    /// The layer the network names for Grad-CAM must be one the engine can hook and read after forward returns:
    /// a network that runs it with forward (no hook fires) or frees its output in a scope of its own fails here.
    /// </summary>
    [Fact]
    public async Task ItsFeatureLayerGivesTheEngineAHeatMap()
    {
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        manual_seed(5);
        using var model = engine.Register(new ModelRegistration("tiny", () =>
        {
            var net = new TinyClassifier(1, 2);
            net.eval();
            return net;
        }, [1, 32, 32], ModelOutputKind.ClassLogits) { FeatureLayer = TinyClassifier.FeatureLayer });

        using var input = rand(1, 32, 32);
        using var cam = await engine.ExplainAsync(model, input, targetClass: 1, InferencePriority.Routine, CancellationToken.None);

        Assert.Equal([32L, 32L], cam.shape);
        Assert.False(cam.isnan().any().item<bool>());
        Assert.InRange(cam.max().item<float>(), 0f, 1f);
    }
}
