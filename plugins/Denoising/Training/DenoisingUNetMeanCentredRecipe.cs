using RadCnn.Plugins.Denoising.Models;
using RadCnn.Training.Recipes;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-mc-robust`: the mean-centred U-Net (`denoising-unet-mc`: its noise estimate sees
/// the input minus its mean, so a uniform offset passes exactly) trained from scratch with half of each batch
/// replaced by its zero-mean FGSM example at the robust recipe's radius (no clamp), no offsets (they cannot change
/// what this network sees), the epoch kept by <see cref="RobustDenoisingValidation"/>.
/// <para>
/// Why: with the plain U-Net, robustness to the probe's blob-scale attack and passing a uniform offset pulled against
/// each other (offsets in training gave the offset back and the robustness with it); here the offset is passed by
/// construction, so what adversarial training can unlearn is relative structure only. A candidate (plugin README).
/// </para>
/// </summary>
public class DenoisingUNetMeanCentredRecipe : DenoisingRecipeBase
{
    public override string Task => "denoising-unet-mc-robust";

    public override string Description => "Low-dose CT denoising: mean-centred U-Net with input-output skip, adversarial training against the zero-mean image probe (simulated phantoms; not for clinical use).";

    public override string Architecture => "U-Net, 2 poolings (16-32-64 channels) + 1x1 head, input-to-output residual, the noise estimate on the input minus its mean; half of each batch zero-mean FGSM (epsilon 0.0125) on the output's deviation; input HU windowed -1000..3000 to [0,1]";

    public sealed override IReadOnlyList<string> EarlyLayers => ResidualUNet.EarlyLayers;

    protected override AdversarialTraining? Adversarial => new() { Epsilon = DenoisingUNetRobustRecipe.Epsilon, Fraction = 0.5 };

    public sealed override nn.Module<Tensor, Tensor> CreateModel() => ModelLoader.Create(ModelLoader.MeanCentredUNetName);

    internal sealed override IWholeCaseValidation? Selection(int seed) =>
        RobustDenoisingValidation.OfTrainingPhantoms(seed, Generator().Model, LargestSliceBiasBoundHu, TrainingSlices);

    /// <summary>
    /// The selection rejects an epoch whose largest |mean HU bias| over the validation slices exceeds this
    /// (<see cref="RobustDenoisingValidation.RejectionPenalty"/>); null, the default, leaves the selection as it was.
    /// </summary>
    protected virtual double? LargestSliceBiasBoundHu => null;
}
