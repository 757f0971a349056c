namespace RadCnn.Training.Optimization;

/// <summary>The loss a recipe trains with.</summary>
public enum LossKind
{
    /// <summary>Softmax cross entropy over class logits [batch, classes].</summary>
    CrossEntropy = 0,

    /// <summary>Sigmoid binary cross entropy on logits (one logit per sample, or per pixel).</summary>
    BinaryCrossEntropy = 1,

    /// <summary>Soft Dice loss on per-pixel logits (V-Net), robust to a small foreground.</summary>
    Dice = 2,

    /// <summary>Mean squared error, for image restoration.</summary>
    MeanSquaredError = 3,

    /// <summary>Soft Dice plus sigmoid binary cross entropy on per-voxel logits (nnU-Net's default): Dice for small foregrounds, cross entropy for calibrated voxels.</summary>
    DiceBinaryCrossEntropy = 4,

    /// <summary>
    /// Image restoration: mean absolute error plus the mean absolute error of the horizontal and vertical
    /// differences (gradient-difference loss, Mathieu et al. 2016): penalises edges that were smoothed
    /// away as much as noise that was left.
    /// </summary>
    MeanAbsoluteErrorWithGradient = 5,

    /// <summary>
    /// <see cref="DiceBinaryCrossEntropy"/> for small structures: the target holds 0 for background and, for each
    /// foreground voxel, its weight (≥ 1) in the cross entropy, for example the inverse of its component's size, so a
    /// missed small lesion costs about as much as a large one. Dice and the metrics read foreground where the target is ≥ 0.5.
    /// </summary>
    SizeWeightedDiceBinaryCrossEntropy = 6,

    /// <summary>
    /// Soft Tversky loss weighting a false-positive voxel 0.7 and a false-negative one 0.3, plus sigmoid
    /// binary cross entropy (Salehi et al. 2017 with the weights turned round): for a segmentation whose
    /// false pieces cost more than its missed edges, as a stray piece can be reported as a finding.
    /// </summary>
    TverskyBinaryCrossEntropy = 7,

    /// <summary>
    /// Image restoration: mean squared error plus <see cref="TrainingHyperParameters.LocalMeanWeight"/> (by default
    /// <see cref="Losses.LocalMeanWeight"/>) times the mean squared error of the error's local means (<see cref="Losses.LocalMeanWindow"/>-pixel boxes). A restoration network trained
    /// against zero-mean adversarial examples can resist their blob-scale patterns by pulling every region's mean
    /// toward the values it saw most (an intensity prior that moves uniform regions); an error in a region's mean
    /// costs this loss many times what the same error spread as noise does, so resisting the attack by smoothing
    /// within a region is cheaper than resisting it by moving the region. Applied to every sample, attacked or clean:
    /// a clean sample's regional means should be kept too, and the term needs no knowledge of which is which.
    /// </summary>
    MeanSquaredErrorWithLocalMean = 10,

    /// <summary>
    /// <see cref="DiceBinaryCrossEntropy"/> plus a soft Dice per marked component (the "blob loss" of Kofler et al. 2023):
    /// the target holds 0 for background, 1 for foreground that is not marked, and k ≥ 2 for the voxels of component k.
    /// Each marked component's Dice is taken over itself and the background (other components left out) and the mean
    /// of their 1 − Dice is added, so a missed small lesion costs as much as a missed large one, where in the patch's
    /// single Dice it costs its share of the foreground. Dice, cross entropy and the metrics read foreground where the
    /// target is ≥ 0.5; a 0/1 target gives <see cref="DiceBinaryCrossEntropy"/>. With
    /// <see cref="TrainingHyperParameters.ComponentRecallWeight"/> above 0 each component's term also holds that weight
    /// times the mean cross entropy over the component's own voxels (−log p): a Dice term's pull on a component scored
    /// near p = 0 passes through the sigmoid's slope and vanishes, this one does not, and it weighs a 40-voxel mass as
    /// much as a 4,000-voxel one (in the patch's cross entropy, a voxel weighs one over the batch's voxels).
    /// </summary>
    ComponentDiceBinaryCrossEntropy = 11,

    /// <summary>
    /// Soft Dice plus the focal loss of Lin et al. (RetinaNet, 2017) on the foreground (target ≥ 0.5): each voxel's
    /// cross entropy times α_t (1 − p_t)^γ (γ <see cref="Losses.FocalGamma"/>, α <see cref="Losses.FocalPositiveWeight"/> for
    /// foreground, 1 − α for background), summed and divided by the batch's foreground voxels. A background voxel scored
    /// near 0 weighs almost nothing, so a small lesion the network scores near 0, which the mean cross entropy drowns among
    /// hundreds of thousands of easy background voxels, leads the gradient; a false positive is a hard voxel and pays too.
    /// </summary>
    FocalDiceBinaryCrossEntropy = 12,
}
