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
}
