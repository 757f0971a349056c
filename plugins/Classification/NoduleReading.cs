using RadCnn.Plugins.Classification.Candidates;

namespace RadCnn.Plugins.Classification;

/// <summary>
/// What both networks said about one candidate: class probabilities (not a nodule, benign, malignant)
/// of the 3D and of the 2D multi-view model, and their mean (the plugin's decision rests on the mean).
/// </summary>
internal sealed record NoduleReading(NoduleCandidate Candidate, float[] Probabilities3d, float[] Probabilities2d)
{
    public double Nodule3d => 1 - Probabilities3d[0];

    public double Nodule2d => 1 - Probabilities2d[0];

    public double Nodule => NoduleOf(Probabilities3d, Probabilities2d);

    public double Malignancy3d => Conditional(Probabilities3d[2], Probabilities3d[1]);

    public double Malignancy2d => Conditional(Probabilities2d[2], Probabilities2d[1]);

    public double Malignancy => MalignancyOf(Probabilities3d, Probabilities2d);

    /// <summary>The reported call at these thresholds: not reported, benign or malignant.</summary>
    public ReportedCall CallAt(Decision thresholds) => CallOf(Probabilities3d, Probabilities2d, thresholds.NoduleThreshold, thresholds.MalignancyThreshold);

    /// <summary>P(nodule) of the mean of both models: what the nodule decision thresholds.</summary>
    public static double NoduleOf(IReadOnlyList<float> p3d, IReadOnlyList<float> p2d) => ((1.0 - p3d[0]) + (1.0 - p2d[0])) / 2;

    /// <summary>P(malignant | a nodule) of the mean of both models: what the malignancy decision thresholds.</summary>
    public static double MalignancyOf(IReadOnlyList<float> p3d, IReadOnlyList<float> p2d) => Conditional((p3d[2] + p2d[2]) / 2.0, (p3d[1] + p2d[1]) / 2.0);

    /// <summary>The plugin's call from both models' probabilities: reported at P(nodule) ≥ the nodule threshold, then malignant at P(malignant | nodule) ≥ the malignancy threshold.</summary>
    public static ReportedCall CallOf(IReadOnlyList<float> p3d, IReadOnlyList<float> p2d, double noduleThreshold, double malignancyThreshold) =>
        NoduleOf(p3d, p2d) < noduleThreshold ? ReportedCall.NotReported
        : MalignancyOf(p3d, p2d) >= malignancyThreshold ? ReportedCall.Malignant
        : ReportedCall.Benign;

    private static double Conditional(double malignant, double benign) => malignant + benign > 1e-9 ? malignant / (malignant + benign) : 0.5;
}
