using RadCnn.Plugins.ReportNlp.Training;
using RadCnn.Training.Phantoms.Reports;

namespace RadCnn.Plugins.ReportNlp.Evaluation;

/// <summary>
/// The report sets a model is judged on, from one seed: the three training styles with seeds the
/// training never used (dictated <c>seed</c>, structured <c>seed + 1</c>, terse <c>seed + 2</c>; each
/// seed also draws wordings the training seed left out) and the teleradiology style, never in
/// training (<c>seed + 3</c>, the blind check). `radcnn eval report-pe --seed 9001` and the bench's
/// eval use the same sets.
/// </summary>
internal static class HeldOutSets
{
    public static IReadOnlyList<(string Description, IReadOnlyList<ReportPhantom> Reports)> From(int seed, int count)
    {
        var half = Math.Max(1, count / 2);
        string Unseen(int s) => s is ReportData.TrainSeed or ReportData.EmbeddingSeed ? $"seed {s} (a TRAINING seed: not a held-out figure)" : $"unseen seed {s}";
        return
        [
            ($"dictated reports, {Unseen(seed)}", ReportSetWriter.Generate(new CtpaReportGenerator(), count, seed)),
            ($"structured reports (second generator), {Unseen(seed + 1)}", ReportSetWriter.Generate(new StructuredReportGenerator(), half, seed + 1)),
            ($"terse preliminary reads (third generator), {Unseen(seed + 2)}", ReportSetWriter.Generate(new TerseReportGenerator(), half, seed + 2)),
            ($"teleradiology reports (fourth generator, never in training: blind), seed {seed + 3}", ReportSetWriter.Generate(new TeleradiologyReportGenerator(), half, seed + 3)),
        ];
    }
}
