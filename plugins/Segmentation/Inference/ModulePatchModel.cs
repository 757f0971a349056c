using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Inference;

/// <summary>Runs a module directly (evaluation, benches and training's whole-volume validation, where no engine is running); on the CPU unless a device is named.</summary>
internal sealed class ModulePatchModel(nn.Module<Tensor, Tensor> module, (int Depth, int Height, int Width) patch, Device? device = null) : IPatchModel
{
    private readonly object gate = new();

    public Task<float[]> PredictAsync(float[] input, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            module.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var x = tensor(input, [1, 1, patch.Depth, patch.Height, patch.Width]);
            if (device is not null)
            {
                x = x.to(device);
            }

            return Task.FromResult(module.call(x).flatten().cpu().data<float>().ToArray());
        }
    }
}
