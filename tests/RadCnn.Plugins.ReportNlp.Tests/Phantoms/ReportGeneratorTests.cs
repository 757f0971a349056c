using System.Text.Json;
using RadCnn.TestSupport;
using RadCnn.Training.Phantoms.Reports;

namespace RadCnn.Plugins.ReportNlp.Tests.Phantoms;

/// <summary>The report generator: labels agree with the wording families they were drawn from, seeds reproduce, a held-out seed writes new wordings, and the CLI writes text, sidecar and HL7 that agree.</summary>
public sealed class ReportGeneratorTests
{
    private static readonly string[] PositiveMarkers = ["acute", "saddle", "emboli", "embolus", "thrombus", "clot", "filling defect", " pe", "embolism"];
    private static readonly string[] NegationMarkers = ["no ", "no\n", "negative", "without", "free of", "ruled out", "none", "not seen"];
    private static readonly string[] HedgeMarkers = ["cannot", "possible", "questionable", "equivocal", "indeterminate", "nondiagnostic"];
    private static readonly string[] StrongHedgeMarkers = ["most likely", "highly suspicious", "probable", "likely acute", "likely representing", "most consistent"];
    private static readonly string[] HistoryMarkers = ["history", "h/o", "hx", "prior", "previous", "r/o", "rule out", "eval", "?", "concern", "question", "suspected", "known", "recent", "assess"];

    [Fact]
    public void LabelsAgreeWithTheWordingFamilies()
    {
        var generator = new CtpaReportGenerator(typoRate: 0);
        var reports = ReportSetWriter.Generate(generator, 600, 31);
        Assert.InRange(reports.Count(r => r.Label == 1), 200, 350);
        foreach (var subset in ReportSubsets.All)
        {
            Assert.Contains(reports, r => r.Subset == subset && r.Label == 1);
            Assert.Contains(reports, r => r.Subset == subset && r.Label == 0);
        }

        foreach (var report in reports)
        {
            var text = report.Text.ToLowerInvariant();
            Assert.True(report.Label == (report.Category == "present" ? 1 : 0), report.Id);
            if (report.Label == 1)
            {
                Assert.True(PositiveMarkers.Any(text.Contains), $"{report.Id} is labelled positive without a positive phrase:\n{report.Text}");
            }

            switch (report.Subset)
            {
                case ReportSubsets.Negated:
                    Assert.True(NegationMarkers.Any(text.Contains), $"{report.Id} is tagged negated without a negation:\n{report.Text}");
                    break;
                case ReportSubsets.Hedged:
                    var markers = report.Label == 1 ? StrongHedgeMarkers : HedgeMarkers;
                    Assert.True(markers.Any(text.Contains), $"{report.Id} is tagged hedged without its hedge:\n{report.Text}");
                    Assert.Equal(report.Label == 1 ? "present" : "indeterminate", report.Category);
                    break;
                case ReportSubsets.History:
                    Assert.True(HistoryMarkers.Any(text.Contains), $"{report.Id} is tagged history without a history or indication:\n{report.Text}");
                    break;
            }
        }
    }

    [Theory]
    [InlineData("structured")]
    [InlineData("terse")]
    [InlineData("teleradiology")]
    public void TheOtherStylesCoverEverySubsetWithBothLabelsAndShareNoSentenceWithTheDictatedStyle(string style)
    {
        IReportGenerator generator = style switch
        {
            "terse" => new TerseReportGenerator(),
            "teleradiology" => new TeleradiologyReportGenerator(),
            _ => new StructuredReportGenerator(),
        };
        var reports = ReportSetWriter.Generate(generator, 400, 11);
        Assert.All(reports, r => Assert.Equal(style, r.Style));
        Assert.Equal(reports, ReportSetWriter.Generate(generator, 400, 11));
        foreach (var subset in ReportSubsets.All)
        {
            Assert.Contains(reports, r => r.Subset == subset && r.Label == 1);
            Assert.Contains(reports, r => r.Subset == subset && r.Label == 0);
        }

        static IEnumerable<string> Sentences(IEnumerable<ReportPhantom> set) => set
            .SelectMany(r => r.Text.ToLowerInvariant().Split(['.', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Split(' ').Length >= 4);
        var dictated = Sentences(ReportSetWriter.Generate(new CtpaReportGenerator(typoRate: 0), 1500, 1)).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(Sentences(reports).Where(dictated.Contains).Distinct());
    }

    [Fact]
    public void MixedTrainingReportsKeepTheirSourcesLabelsRewriteTheFormAndShareNoSentenceWithTheBlindStyle()
    {
        var mixed = ReportSetWriter.Generate(new MixedReportGenerator(), 1500, 1);
        Assert.Equal(mixed, ReportSetWriter.Generate(new MixedReportGenerator(), 1500, 1));
        var sources = new Dictionary<string, IReportGenerator>
        {
            ["mixed-dictated"] = new CtpaReportGenerator(), ["mixed-structured"] = new StructuredReportGenerator(), ["mixed-terse"] = new TerseReportGenerator(),
        };
        var rewritten = 0;
        foreach (var (report, index) in mixed.Select((r, i) => (r, i)))
        {
            var source = sources[report.Style].Generate(1, index);
            Assert.Equal((source.Label, source.Category, source.Subset), (report.Label, report.Category, report.Subset));
            rewritten += source.Text == report.Text ? 0 : 1;
        }

        Assert.All(sources.Keys, style => Assert.InRange(mixed.Count(r => r.Style == style), 200, 900));
        Assert.InRange(rewritten, 700, 1300);
        Assert.Contains(mixed, r => r.Text.Contains("neg for", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(mixed, r => r.Text.Contains("1. ", StringComparison.Ordinal));

        static IEnumerable<string> Sentences(IEnumerable<ReportPhantom> set) => set
            .SelectMany(r => r.Text.ToLowerInvariant().Split(['.', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Split(' ').Length >= 4);
        var training = Sentences(mixed).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(Sentences(ReportSetWriter.Generate(new TeleradiologyReportGenerator(), 400, 9004)).Where(training.Contains).Distinct());
    }

    [Fact]
    public void TheSameSeedGivesTheSameReportsAndAHeldOutSeedWritesWordingsTheTrainingSeedNeverUsed()
    {
        var generator = new CtpaReportGenerator(typoRate: 0);
        Assert.Equal(generator.Generate(5, 17), generator.Generate(5, 17));
        static HashSet<string> Sentences(IEnumerable<ReportPhantom> reports) => reports
            .SelectMany(r => r.Text.ToLowerInvariant().Split(['.', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
        var training = Sentences(ReportSetWriter.Generate(generator, 1500, 1));
        var heldOut = Sentences(ReportSetWriter.Generate(generator, 1500, 9001));
        var unseen = heldOut.Except(training).ToList();
        Assert.True(unseen.Count >= 20, $"only {unseen.Count} held-out sentences are new");
        Assert.True(training.Except(heldOut).Count() >= 20);
    }

    [Fact]
    public void TheCliWritesTextSidecarAndHl7ThatAgreeWithLabels()
    {
        using var output = new TempDirectory("radcnn-reports");
        var result = Peers.Run("dotnet", [Repository.RadCnnDll, "phantom", "reports", "--count", "40", "--seed", "3", "--out", output.Path], TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.Combined);
        var lines = File.ReadAllLines(output.Combine("labels.csv"));
        Assert.Equal("file,hl7,label,category,subset,style,sections", lines[0]);
        Assert.Equal(41, lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            var text = File.ReadAllText(output.Combine(fields[0]));
            using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(output.Combine(fields[0]), ".json")));
            Assert.Equal("ctpa", sidecar.RootElement.GetProperty("kind").GetString());
            var study = sidecar.RootElement.GetProperty("studyInstanceUid").GetString()!;
            Assert.True(RadCnn.Dicom.DicomUid.IsValid(study), study);
            var segments = File.ReadAllText(output.Combine(fields[1])).Split('\r', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("MSH|^~\\&|", segments[0], StringComparison.Ordinal);
            Assert.Contains("|ORU^R01^ORU_R01|", segments[0], StringComparison.Ordinal);
            Assert.Contains(segments, s => s.StartsWith("OBR|1||", StringComparison.Ordinal) && s.Contains("|CTPA^", StringComparison.Ordinal));
            Assert.Contains($"OBX|1|UI|113014^Study Instance UID^DCM||{study}|", segments[3], StringComparison.Ordinal);
            var obxText = segments.Where(s => s.StartsWith("OBX|", StringComparison.Ordinal) && s.Split('|')[2] == "TX").Select(s => s.Split('|')[5]).ToList();
            Assert.Equal(text.TrimEnd('\n').Split('\n'), obxText.Select(Unescape));
            Assert.Contains(fields[2], new[] { "0", "1" });
            Assert.Contains(fields[4], ReportSubsets.All);
        }
    }

    private static string Unescape(string value) => value.Replace("\\F\\", "|", StringComparison.Ordinal).Replace("\\S\\", "^", StringComparison.Ordinal)
        .Replace("\\T\\", "&", StringComparison.Ordinal).Replace("\\R\\", "~", StringComparison.Ordinal).Replace("\\E\\", "\\", StringComparison.Ordinal);
}
