using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Inference;

/// <summary>Runs a module directly on the CPU (evaluation and benches, where no engine is running).</summary>
internal sealed class ModulePatchModel(nn.Module<Tensor, Tensor> module, (int Depth, int Height, int Width) patch) : IPatchModel
{
    private readonly object gate = new();

    public Task<float[]> PredictAsync(float[] input, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            module.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            using var x = tensor(input, [1, 1, patch.Depth, patch.Height, patch.Width]);
            return Task.FromResult(module.call(x).flatten().data<float>().ToArray());
        }
    }
}
