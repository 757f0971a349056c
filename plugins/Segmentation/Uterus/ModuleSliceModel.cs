using RadCnn.Plugins.Segmentation.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>A <see cref="UNet2D"/> called directly (tests, benches, training checks), sigmoid applied.</summary>
internal sealed class ModuleSliceModel(UNet2D net) : ISliceModel
{
    public Task<float[]> PredictAsync(float[] planes, CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(planes, [1, net.InputPlanes, MrSlices.Size, MrSlices.Size]);
        return Task.FromResult(net.call(input).sigmoid().flatten().data<float>().ToArray());
    }
}
