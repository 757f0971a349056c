using RadCnn.Plugins.Denoising.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>`radcnn train denoising-unet3`: the U-Net with a third pooling (twice the receptive field), squared error.</summary>
public sealed class DenoisingDeepUNetRecipe : DenoisingRecipeBase
{
    public override string Task => ModelLoader.DeepUNetName;

    public override string Description => "Low-dose CT denoising: 3-level U-Net with input-output skip on patches (simulated phantoms; not for clinical use).";

    public override string Architecture => "U-Net, 3 poolings (16-32-64-128 channels, double conv 3x3 + ReLU per level, transposed conv 2x2 up, concatenated skips) + 1x1 head, input-to-output residual; input HU windowed -1000..3000 to [0,1]";

    public override IReadOnlyList<string> EarlyLayers => ResidualUNet.EarlyLayers;

    public override nn.Module<Tensor, Tensor> CreateModel() => new ResidualUNet(levels: 3);
}
