using RadCnn.Plugins.Denoising.Models;
using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-mc-wide-lm`: <see cref="DenoisingUNetMeanCentredLocalMeanRecipe"/>'s training (from
/// scratch, half of each batch zero-mean FGSM at epsilon 0.0125, squared error plus the local-mean term, the epoch
/// kept by <see cref="RobustDenoisingValidation"/>) on the mean-centred U-Net at 24 channels instead of 16
/// (`denoising-unet-mc-wide`, about 2.2 times the parameters and the compute).
/// <para>
/// Why: telling a ±50 HU blob inside an organ from a real change of the organ's level needs the organ's edges, not a
/// typical value; a wider network has more room to learn that rule beside the denoising. Not trained yet: about
/// 9 CPU minutes per epoch on the shared 2-core machine (plugin README).
/// </para>
/// </summary>
public sealed class DenoisingUNetMeanCentredWideRecipe : DenoisingRecipeBase
{
    public override string Task => "denoising-unet-mc-wide-lm";

    public override string Description => "Low-dose CT denoising: wide mean-centred U-Net, adversarial training against the zero-mean image probe, squared error plus a local-mean error term (simulated phantoms; not for clinical use).";

    public override string Architecture => "U-Net, 2 poolings (24-48-96 channels) + 1x1 head, input-to-output residual, the noise estimate on the input minus its mean; half of each batch zero-mean FGSM (epsilon 0.0125) on the output's deviation; loss MSE + 10 x MSE of the error's 16x16 box means; input HU windowed -1000..3000 to [0,1]";

    public override IReadOnlyList<string> EarlyLayers => ResidualUNet.EarlyLayers;

    protected override AdversarialTraining? Adversarial => new() { Epsilon = DenoisingUNetRobustRecipe.Epsilon, Fraction = 0.5 };

    protected override LossKind Loss => LossKind.MeanSquaredErrorWithLocalMean;

    public override nn.Module<Tensor, Tensor> CreateModel() => ModelLoader.Create(ModelLoader.WideMeanCentredUNetName);

    internal override IWholeCaseValidation? Selection(int seed) =>
        RobustDenoisingValidation.OfTrainingPhantoms(seed);
}
