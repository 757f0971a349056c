using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Inference;

/// <summary>
/// A single-segment head run once through the shared engine, its logits read back as probabilities. Its callers await,
/// so no dispose scope holds these tensors (a scope is per thread): each lives in a local until the method ends, never
/// as a temporary handed on to libtorch (README, Inference engine).
/// </summary>
internal static class EngineSigmoid
{
    public static async Task<float[]> ProbabilitiesAsync(IInferenceEngine engine, IModelHandle head, float[] input, long[] shape, InferencePriority priority, CancellationToken cancellationToken)
    {
        using var tensorInput = tensor(input, shape);
        using var output = await engine.InferAsync(head, tensorInput, priority, cancellationToken).ConfigureAwait(false);
        using var probabilities = output.sigmoid();
        using var flat = probabilities.flatten();
        return flat.data<float>().ToArray();
    }
}
