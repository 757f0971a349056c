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

    /// <summary>Share of each batch replaced by its adversarial examples (the rest stays clean).</summary>
    public double Fraction { get; init; } = 0.5;

    /// <summary>Perturbed values are clamped into this range when set (inputs normalised to 0..1).</summary>
    public (double Min, double Max)? InputRange { get; init; }

    /// <summary>PGD step size: 2.5·ε/steps (Madry's choice, so the walk can reach the ball's surface from anywhere inside).</summary>
    public double StepSize => Steps <= 1 ? Epsilon : 2.5 * Epsilon / Steps;

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
    }
}
