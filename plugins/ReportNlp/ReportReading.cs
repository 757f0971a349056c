using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.ReportNlp.Evaluation;

namespace RadCnn.Plugins.ReportNlp;

/// <summary>
/// What the plugin made of one report: calibrated probability, decision, the FGSM probe in embedding
/// space, the share of realistic word perturbations (typo, synonym, case) that kept the decision, and
/// the evidence (words and sentences by Grad-CAM over tokens).
/// </summary>
internal sealed record ReportReading(
    double Probability,
    bool Positive,
    RobustnessReport? Robustness,
    double? PerturbationAgreement,
    int Tokens,
    bool Truncated,
    IReadOnlyList<EvidenceWord> Words,
    IReadOnlyList<EvidenceSentence> Sentences);
