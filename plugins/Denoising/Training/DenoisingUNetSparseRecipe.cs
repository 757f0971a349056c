using RadCnn.Plugins.Denoising.Models;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.LowDoseCt;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-unet-sparse`: the default network's architecture (the mean-centred U-Net, residual) trained on
/// body phantoms whose low dose is reconstructed from every <see cref="SparseViewFactor"/>th view only, so the input
/// carries filtered back-projection's view-aliasing streaks as well as the noise; the target is still the noise-free
/// full-view reconstruction. Squared error plus the error's 16-pixel box means at weight 8 (as the default's recipe,
/// without the adversarial half: the term keeps regional HU where streaks add or remove a region's mean).
/// <para>
/// Meant as a fine-tune of the default's weights (`--from plugins/Denoising/model/unet-mc.bin`): what the network knows
/// of noise carries over and the streaks are new. The learning rate is three times the other recipes' so that a
/// fine-tune (a tenth of it) moves far enough in a few epochs.
/// </para>
/// <para>
/// Shipped in plugin 1.3.0 as an additional model (30 epochs, epoch 28 kept; plugin README, "Sparse views"): on held-out
/// seed 4242, 32 body slices of every 6th view at 1/10 dose per view, +14.49 dB over sparse-view FBP, +2.97 dB over
/// total variation swept in the same run, uniform regions within 4.3 HU.
/// </para>
/// </summary>
public sealed class DenoisingUNetSparseRecipe : DenoisingRecipeBase
{
    /// <summary>
    /// Every 6th of the generator's 384 views over 180° at 256 px (64 views): without noise the streaks alone are 32 HU
    /// RMS over the body (99th percentile 92 HU in soft tissue) on held-out seed 4242's first slice, against 15 HU
    /// (44 HU) for every 4th view and 52 HU for every 8th.
    /// </summary>
    public const int SparseViewFactor = 6;

    /// <summary>
    /// Doses per view, drawn log-uniformly: from the other recipes' 1/20 up to the full dose, since sparse-view scans
    /// save dose by dropping views rather than photons; at the full dose the streaks are as large as the noise (at
    /// 1/10 the noise is about three times the streaks).
    /// </summary>
    public static readonly (double Low, double High) DoseRange = (0.05, 1);

    /// <summary>The local-mean term's weight relative to the pixel-wise squared error (the default recipe's).</summary>
    public const double Weight = 8;

    public override string Task => ModelLoader.SparseUNetName;

    public override string Description => "Sparse-view low-dose CT: mean-centred U-Net with input-output skip against FBP's streaks and noise (every 6th view, doses 1/20 to full; simulated phantoms; not for clinical use).";

    public override string Architecture => FormattableString.Invariant(
        $"U-Net, 2 poolings (16-32-64 channels) + 1x1 head, input-to-output residual, the noise estimate on the input minus its mean; low dose on every {SparseViewFactor}th view; loss MSE + {Weight} x MSE of the error's 16x16 box means; input HU windowed -1000..3000 to [0,1]");

    public override IReadOnlyList<string> EarlyLayers => ResidualUNet.EarlyLayers;

    protected override LossKind Loss => LossKind.MeanSquaredErrorWithLocalMean;

    protected override double LocalMeanWeight => Weight;

    protected override double LearningRate => 3e-3;

    public override nn.Module<Tensor, Tensor> CreateModel() => ModelLoader.Create(ModelLoader.SparseUNetName);

    /// <summary>The body phantoms at doses <see cref="DoseRange"/> with the low dose on every <see cref="SparseViewFactor"/>th view.</summary>
    protected override LowDoseCtGenerator Generator() => SparseGenerator();

    internal static LowDoseCtGenerator SparseGenerator() =>
        new(new BodySliceModel(), PhantomSize) { DoseRange = DoseRange, SparseViewFactor = SparseViewFactor };
}
