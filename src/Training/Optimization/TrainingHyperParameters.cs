using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Decisions;
using RadCnn.Training.Robustness;

namespace RadCnn.Training.Optimization;

/// <summary>A recipe's default hyper-parameters; the command line overrides some of them.</summary>
public sealed record TrainingHyperParameters
{
    public int Epochs { get; init; } = 30;

    public int BatchSize { get; init; } = 16;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Momentum of SGD (ignored by Adam).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 penalty on the weights (the review's weight decay).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;

    public int StepEpochs { get; init; } = 10;

    public double StepGamma { get; init; } = 0.1;

    /// <summary>Stop after this many epochs without a lower validation loss; 0 never stops early.</summary>
    public int EarlyStoppingPatience { get; init; } = 6;

    /// <summary>A validation loss must fall by more than this to count as better.</summary>
    public double EarlyStoppingMinDelta { get; init; } = 1e-4;

    public LossKind Loss { get; init; } = LossKind.CrossEntropy;

    /// <summary>
    /// Weight of the local-mean term of <see cref="LossKind.MeanSquaredErrorWithLocalMean"/> relative to the pixel-wise
    /// squared error (ignored by the other losses): how much more a moved region costs than zero-mean noise, traded
    /// against fidelity.
    /// </summary>
    public double LocalMeanWeight { get; init; } = Losses.LocalMeanWeight;

    /// <summary>
    /// Weight of the squared mean error of each whole sample in <see cref="LossKind.MeanSquaredErrorWithLocalMean"/>
    /// (ignored by the other losses; 0, the default, leaves the loss as it was): a mean-bias term on top of the
    /// local-mean term, against a level shift every region of a patch shares.
    /// </summary>
    public double PatchMeanWeight { get; init; }

    /// <summary>
    /// The target values (the model's input units) whose pixels the <see cref="PatchMeanWeight"/> term averages the
    /// error over; null averages the whole patch. Low must not exceed High.
    /// </summary>
    public (double Low, double High)? PatchMeanRange { get; init; }

    /// <summary>
    /// Weight of each marked component's own mean cross entropy in <see cref="LossKind.ComponentDiceBinaryCrossEntropy"/>
    /// (ignored by the other losses): 0 leaves the per-component Dice alone; at 1 it lifted small missed lesions and
    /// flooded the organ with false positives.
    /// </summary>
    public double ComponentRecallWeight { get; init; }

    /// <summary>
    /// Weight of each marked component's local background term in <see cref="LossKind.ComponentDiceBinaryCrossEntropy"/>
    /// (ignored by the other losses): the mean of −log(1 − p) over the background within a few pixels of the component,
    /// in-plane, so that lifting a component by marking the tissue around it costs as much as missing it. 0: none.
    /// </summary>
    public double ComponentShellWeight { get; init; }

    /// <summary>
    /// Fine-tuning from trained weights multiplies the learning rate by this: large first steps (Adam's
    /// especially) would otherwise undo what the weights already know.
    /// </summary>
    public double FineTuneLearningRateFactor { get; init; } = 0.1;

    public AugmentationOptions Augmentation { get; init; } = AugmentationOptions.None;

    public SplitFractions Split { get; init; } = new();

    /// <summary>Adversarial examples mixed into every training batch; null trains on clean inputs only.</summary>
    public AdversarialTraining? Adversarial { get; init; }

    /// <summary>How a binary model's decision threshold is chosen on the validation split.</summary>
    public ThresholdRule ThresholdRule { get; init; } = ThresholdRule.Youden;

    /// <summary>The validation sensitivity <see cref="ThresholdRule.Sensitivity"/> must reach.</summary>
    public double TargetSensitivity { get; init; } = 0.95;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate, nameof(LearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay, nameof(WeightDecay));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FineTuneLearningRateFactor, nameof(FineTuneLearningRateFactor));
        ArgumentOutOfRangeException.ThrowIfNegative(EarlyStoppingPatience, nameof(EarlyStoppingPatience));
        ArgumentOutOfRangeException.ThrowIfNegative(LocalMeanWeight, nameof(LocalMeanWeight));
        ArgumentOutOfRangeException.ThrowIfNegative(PatchMeanWeight, nameof(PatchMeanWeight));
        if (PatchMeanRange is { } range && !(range.Low <= range.High))
        {
            throw new ArgumentOutOfRangeException(nameof(PatchMeanRange), range, "the range's low end must not exceed its high end");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(ComponentRecallWeight, nameof(ComponentRecallWeight));
        ArgumentOutOfRangeException.ThrowIfNegative(ComponentShellWeight, nameof(ComponentShellWeight));
        Split.Validate();
        Adversarial?.Validate();
        if (Adversarial?.TradesBeta is not null && !AdversarialExamples.SupportsTrades(Loss))
        {
            throw new ArgumentException($"TRADES adversarial training needs class logits and the cross-entropy loss, or per-voxel sigmoid logits (binary cross entropy, Dice or both), not {Loss}", nameof(Adversarial));
        }

        if (TargetSensitivity is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TargetSensitivity), TargetSensitivity, "must lie in (0, 1]");
        }
    }

    /// <summary>The learning rate of a (zero-based) epoch under the schedule; a pure function, so resuming needs no scheduler state.</summary>
    public double LearningRateAt(int epoch) => Schedule switch
    {
        LearningRateSchedule.Step => LearningRate * Math.Pow(StepGamma, epoch / Math.Max(1, StepEpochs)),
        LearningRateSchedule.Cosine => LearningRate * (0.01 + (0.99 * 0.5 * (1 + Math.Cos(Math.PI * epoch / Math.Max(1, Epochs - 1))))),
        _ => LearningRate,
    };
}
