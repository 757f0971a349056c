namespace RadCnn.Training.Robustness;

/// <summary>
/// Adversarial training as a recipe option (Madry et al. 2018): in every training batch a share of the
/// samples is replaced by its worst case within an L∞ ball of radius <see cref="Epsilon"/> (in
/// normalised input units, as the engine's FGSM probe measures), found against the true label by one
/// FGSM step or by <see cref="Steps"/> projected gradient steps (PGD). Validation, evaluation and
/// inference never perturb.
/// </summary>
public sealed record AdversarialTraining
{
    /// <summary>Radius of the L∞ ball; somewhat above the epsilon the model must survive, so the probe's epsilon lies inside what was trained.</summary>
    public double Epsilon { get; init; } = 0.03;

    /// <summary>1: FGSM (one signed-gradient step of size epsilon); more: PGD with a random start.</summary>
    public int Steps { get; init; } = 1;

    /// <summary>
    /// FGSM from a uniformly random point of the ball with a step of 1.25·ε, projected back (Wong et al.
    /// 2020, "Fast is better than free"): plain FGSM training can learn a loss surface on which the one
    /// step at ε is harmless while smaller ones still flip the decision. PGD always starts at random.
    /// </summary>
    public bool RandomStart { get; init; }

    /// <summary>
    /// TRADES (Zhang et al. 2019) instead of mixing: every sample's loss is the clean loss plus β times
    /// the KL divergence between the model's clean and perturbed class distributions, the perturbation
    /// maximising that divergence. It asks for the same decision on the whole ball, not only the true
    /// label on the worst case, so it targets what the engine's probe measures. Null: Madry-style mixing.
    /// Cross entropy over class logits, or the sigmoid losses of segmentation (each voxel's Bernoulli distribution:
    /// <see cref="AdversarialExamples.TradesDivergence"/>).
    /// </summary>
    public double? TradesBeta { get; init; }

    /// <summary>Epochs over which ε grows linearly from ε/RampEpochs to ε (0: the full ε from the first epoch).</summary>
    public int RampEpochs { get; init; }

    /// <summary>Share of each batch replaced by its adversarial examples (the rest stays clean).</summary>
    public double Fraction { get; init; } = 0.5;

    /// <summary>Perturbed values are clamped into this range when set (inputs normalised to 0..1).</summary>
    public (double Min, double Max)? InputRange { get; init; }

    /// <summary>PGD step size: 2.5·ε/steps (Madry's choice, so the walk can reach the ball's surface from anywhere inside); FGSM: ε, or 1.25·ε from a random start.</summary>
    public double StepSize => Steps <= 1 ? (RandomStart ? 1.25 * Epsilon : Epsilon) : 2.5 * Epsilon / Steps;

    /// <summary>The options for one epoch: ε scaled by the ramp.</summary>
    public AdversarialTraining AtEpoch(int epoch) =>
        RampEpochs <= 0 || epoch + 1 >= RampEpochs ? this : this with { Epsilon = Epsilon * (epoch + 1) / RampEpochs, RampEpochs = 0 };

    public void Validate()
    {
        if (!(Epsilon > 0 && Epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "must lie in (0, 1) (normalised input units)");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Steps, 20, nameof(Steps));
        if (!(Fraction > 0 && Fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Fraction), Fraction, "must lie in (0, 1]");
        }

        if (TradesBeta is { } beta && !(beta > 0 && beta <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(TradesBeta), beta, "must lie in (0, 100]");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(RampEpochs, nameof(RampEpochs));
    }
}
