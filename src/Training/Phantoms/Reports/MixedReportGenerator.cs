using System.Globalization;

namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// Training reports of many styles: each report is drawn from the dictated, structured or terse
/// generator and, most of the time, rewritten in form (<see cref="StyleRandomiser"/>: headings,
/// numbering, run-together sections, telegraphic clipping, abbreviations, case) with its label
/// unchanged. Each seed still keeps only four in five wordings of every phrase family, so a held-out
/// seed of any of the three styles writes wordings the training seed never used; the
/// <see cref="TeleradiologyReportGenerator"/> style is never part of it (the blind check).
/// </summary>
public sealed class MixedReportGenerator : IReportGenerator
{
    private readonly IReportGenerator[] bases = [new CtpaReportGenerator(), new StructuredReportGenerator(), new TerseReportGenerator()];

    public string Style => "mixed";

    /// <summary>Share of reports whose form is rewritten.</summary>
    public double RewriteShare { get; init; } = 0.7;

    public ReportPhantom Generate(int seed, int index)
    {
        var w = new Wording(seed, SeededRandom.Mix(index, 31337));
        var roll = w.Int(0, 100);
        var source = bases[roll < 45 ? 0 : roll < 72 ? 1 : 2].Generate(seed, index);
        var text = w.Chance(RewriteShare) ? StyleRandomiser.Apply(source.Text, w) : source.Text;
        return source with
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"mixed-{index:D5}"),
            Text = text,
            Style = $"{Style}-{source.Style}",
            StudyInstanceUid = CtpaReportGenerator.StudyUid(seed, index, Style),
        };
    }
}
