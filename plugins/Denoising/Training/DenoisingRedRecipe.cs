using RadCnn.Plugins.Denoising.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>`radcnn train denoising-red`: the residual encoder-decoder (RED-CNN-like) on patches.</summary>
public sealed class DenoisingRedRecipe : DenoisingRecipeBase
{
    public override string Task => ModelLoader.RedName;

    public override string Description => "Low-dose CT denoising: residual encoder-decoder (RED-CNN-like) on patches (simulated phantoms; not for clinical use).";

    public override string Architecture => "RED-CNN-like: 4 unpadded conv 3x3 (16 channels, ReLU) + 4 transposed conv 3x3 with encoder-decoder shortcuts and an input-to-output residual; input HU windowed -1000..3000 to [0,1]";

    public override IReadOnlyList<string> EarlyLayers => ResidualEncoderDecoder.EarlyLayers;

    public override nn.Module<Tensor, Tensor> CreateModel() => new ResidualEncoderDecoder();
}
