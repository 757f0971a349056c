using RadCnn.Plugins.Segmentation.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>The uterus network (and the tumour network, when given, for the tumour output) called directly: tests, benches, training checks.</summary>
internal sealed class ModuleSliceModel(UNet2D net, UNet2D? tumourNet = null) : ISliceModel
{
    public Task<float[]> PredictAsync(float[] planes, CancellationToken cancellationToken)
    {
        var both = Run(net, planes);
        if (tumourNet is not null)
        {
            var area = MrSlices.Size * MrSlices.Size;
            Array.Copy(Run(tumourNet, planes), area, both, area, area);
        }

        return Task.FromResult(both);
    }

    private static float[] Run(UNet2D network, float[] planes)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(planes, [1, network.InputPlanes, MrSlices.Size, MrSlices.Size]);
        return network.call(input).sigmoid().flatten().data<float>().ToArray();
    }
}
