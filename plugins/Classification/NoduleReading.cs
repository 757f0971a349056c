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

    public double Nodule => (Nodule3d + Nodule2d) / 2;

    public double Malignancy3d => Conditional(Probabilities3d[2], Probabilities3d[1]);

    public double Malignancy2d => Conditional(Probabilities2d[2], Probabilities2d[1]);

    public double Malignancy => Conditional((Probabilities3d[2] + Probabilities2d[2]) / 2, (Probabilities3d[1] + Probabilities2d[1]) / 2);

    /// <summary>P(malignant | a nodule): what the malignancy decision thresholds.</summary>
    private static double Conditional(double malignant, double benign) => malignant + benign > 1e-9 ? malignant / (malignant + benign) : 0.5;
}
