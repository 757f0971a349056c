namespace RadCnn.Plugins.Segmentation.Evaluation;

/// <summary>The figures of one evaluation run, for the README and `bench/segmentation`.</summary>
internal sealed record EvaluationSummary(
    int Cases,
    (double Mean, double Low, double High) LiverDice,
    (double Mean, double Low, double High) LiverHd95Mm,
    (double Mean, double Low, double High) LiverAbsoluteVolumeErrorPercent,
    (double Mean, double Low, double High) MassDice,
    int CasesWithMasses,
    double SensitivityAtLeast10Mm,
    double SensitivityAll,
    double FalsePositivesPerCase,
    double LiverEce,
    double? MeanLiverFgsmAgreement,
    double SecondsPerCase)
{
    public static EvaluationSummary Of(IReadOnlyList<CaseMetrics> cases, double liverEce, int seed)
    {
        var withMasses = cases.Where(c => c.MassDice is not null).ToList();
        var large = cases.Sum(c => c.TrueMassesAtLeast10Mm);
        var all = cases.Sum(c => c.TrueMasses);
        var agreements = cases.Where(c => c.LiverAgreement is not null).Select(c => c.LiverAgreement!.Value).ToList();
        return new EvaluationSummary(
            cases.Count,
            SegmentationEvaluator.MeanWithInterval(cases.Select(c => c.LiverDice).ToList(), seed),
            SegmentationEvaluator.MeanWithInterval(cases.Select(c => c.LiverHd95Mm).Where(double.IsFinite).ToList(), seed),
            SegmentationEvaluator.MeanWithInterval(cases.Select(c => Math.Abs(c.LiverVolumeErrorPercent)).ToList(), seed),
            SegmentationEvaluator.MeanWithInterval(withMasses.Select(c => c.MassDice!.Value).ToList(), seed),
            withMasses.Count,
            large == 0 ? double.NaN : (double)cases.Sum(c => c.DetectedAtLeast10Mm) / large,
            all == 0 ? double.NaN : (double)cases.Sum(c => c.DetectedAll) / all,
            (double)cases.Sum(c => c.FalsePositives) / Math.Max(1, cases.Count),
            liverEce,
            agreements.Count == 0 ? null : agreements.Average(),
            cases.Average(c => c.Seconds));
    }
}
