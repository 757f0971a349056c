namespace RadCnn.Plugins.ReportNlp.Reading;

/// <summary>
/// One report for <see cref="BatchedReader"/>: its token forms, the token forms of each realistic
/// rewrite to score with it, and whether to probe (FGSM) and explain (Grad-CAM over tokens).
/// </summary>
internal sealed record ReadingRequest(IReadOnlyList<string> Words, IReadOnlyList<IReadOnlyList<string>> Rewrites, bool Probe, bool Explain);
