namespace RadCnn.Plugins.ReportNlp.Reading;

/// <summary>
/// The FGSM probe's settings, the shared engine's defaults: the epsilon reported on (standardised
/// embedding units), the grid searched for the smallest flipping epsilon, and the agreement below
/// which a result is fragile.
/// </summary>
internal sealed record ProbeSettings
{
    public double Epsilon { get; init; } = 0.02;

    public IReadOnlyList<double> Grid { get; init; } = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2];

    public double FragilityThreshold { get; init; } = 0.9;

    /// <summary>The grid with <see cref="Epsilon"/> in it, ascending.</summary>
    public double[] Epsilons => Grid.Append(Epsilon).Distinct().Order().ToArray();
}
