using RadCnn.Plugins.Segmentation.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>The cascade's tumour network called directly (tests, benches): its tumour output (channel 1) as probabilities.</summary>
internal sealed class ModuleTumourCropModel(UNet2D net, int size) : ITumourCropModel
{
    public int Size => size;

    public Task<float[]> PredictAsync(float[] planes, CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(planes, [1, net.InputPlanes, size, size]);
        return Task.FromResult(net.call(input).narrow(1, 1, 1).sigmoid().flatten().data<float>().ToArray());
    }
}
