using RadCnn.Plugins.Denoising.Models;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-robust`: the shipped U-Net with adversarial training against the engine's
/// image probe (half of each batch replaced by its zero-mean FGSM example on the output's deviation, epsilon
/// 0.03 of the [0, 1] input, above the probe's 0.02), meant for fine-tuning the shipped weights (`--from`).
/// Its weights load as `denoising-unet`.
/// </summary>
public sealed class DenoisingUNetRobustRecipe : DenoisingRecipeBase
{
    public override string Task => "denoising-unet-robust";

    public override string Description => "Low-dose CT denoising: U-Net with input-output skip, adversarial training against the zero-mean image probe (simulated phantoms; not for clinical use).";

    public override string Architecture => "U-Net, 2 poolings (16-32-64 channels) + 1x1 head, input-to-output residual; half of each batch zero-mean FGSM (epsilon 0.03) on the output's deviation; input HU windowed -1000..3000 to [0,1]";

    public override IReadOnlyList<string> EarlyLayers => ResidualUNet.EarlyLayers;

    protected override AdversarialTraining? Adversarial => new() { Epsilon = 0.03, Fraction = 0.5, InputRange = (0, 1) };

    public override nn.Module<Tensor, Tensor> CreateModel() => new ResidualUNet();
}
