using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.ReportNlp.Tests;

/// <summary>
/// The plugin through ProcessAsync with the real engine: probability and decision, FGSM and word
/// perturbation robustness, evidence words, an SR in the report's study that pydicom reads back and
/// dciodvfy accepts; refusals with reasons; no report text in messages or logs.
/// </summary>
public sealed class PluginTests
{
    private const string Study = "2.25.123456789012345678901234567890";

    private const string Positive = """
        EXAM: CTA CHEST PE PROTOCOL
        CLINICAL HISTORY: Pleuritic chest pain, r/o PE.
        TECHNIQUE: Contrast-enhanced CTA of the chest per PE protocol.
        FINDINGS:
        No pleural effusion. There are filling defects in the right lower lobe segmental pulmonary arteries, consistent with acute pulmonary embolism.
        IMPRESSION:
        Acute pulmonary embolism.
        """;

    private const string Negative = """
        EXAM: CTA CHEST PE PROTOCOL
        CLINICAL HISTORY: History of PE on anticoagulation, shortness of breath.
        TECHNIQUE: Contrast-enhanced CTA of the chest per PE protocol.
        FINDINGS:
        No evidence of pulmonary embolism. Bibasilar atelectasis.
        IMPRESSION:
        No pulmonary embolism.
        """;

    [Fact]
    public async Task PositiveAndNegativeReportsGiveDecisionEvidenceRobustnessAndAnSrInTheStudy()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new PulmonaryEmbolismPlugin();
        var context = new TestPluginContext((IInferenceEngine)engine);
        await plugin.InitializeAsync(context, CancellationToken.None);
        using var output = new TempDirectory("radcnn-reportnlp-out");
        foreach (var (text, positive) in new[] { (Positive, true), (Negative, false) })
        {
            var result = await plugin.ProcessAsync(Report(text), CancellationToken.None);
            Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
            var finding = Assert.Single(result.Findings);
            Assert.Equal("59282003", finding.Code);
            Assert.Equal("SCT", finding.CodingScheme);
            Assert.True(positive ? finding.Probability > 0.5 : finding.Probability < 0.5, result.Message);
            Assert.Contains(positive ? ", positive," : ", negative,", result.Message, StringComparison.Ordinal);
            Assert.NotNull(finding.Robustness);
            Assert.Equal(1.0, Assert.Single(result.Measurements).Value);
            AssertNoReportText(text, result.Message!);

            using var evidence = JsonDocument.Parse(Assert.Single(result.Files).Content);
            var words = evidence.RootElement.GetProperty("evidence").GetProperty("words").EnumerateArray().Select(w => w.GetProperty("word").GetString()!.ToLowerInvariant()).ToList();
            Assert.NotEmpty(words);
            foreach (var word in evidence.RootElement.GetProperty("evidence").GetProperty("words").EnumerateArray())
            {
                // Offsets point at the word in the report.
                Assert.Equal(word.GetProperty("word").GetString(), text.Substring(word.GetProperty("start").GetInt32(), word.GetProperty("length").GetInt32()));
            }

            var sr = Assert.Single(result.DicomObjects);
            var path = output.Combine(positive ? "positive.dcm" : "negative.dcm");
            new DicomFile(sr).Save(path);
            var check = Peers.RunPython("""
                import sys, pydicom
                ds = pydicom.dcmread(sys.argv[1])
                print(ds.Modality, ds.StudyInstanceUID, ds.SOPClassUID)
                def walk(items):
                    for item in items:
                        if 'TextValue' in item: print('TEXT', item.TextValue)
                        if 'MeasuredValueSequence' in item: print('NUM', item.MeasuredValueSequence[0].NumericValue)
                        if 'ContentSequence' in item: walk(item.ContentSequence)
                walk(ds.ContentSequence)
                """, path);
            Assert.True(check.ExitCode == 0, check.Combined);
            Assert.StartsWith($"SR {Study} 1.2.840.10008.5.1.4.1.1.88.33", check.StandardOutput, StringComparison.Ordinal);
            Assert.Contains(positive ? "acute pulmonary embolism stated" : "no acute pulmonary embolism stated", check.StandardOutput, StringComparison.Ordinal);
            var dciodvfy = Peers.Run(Peers.Require("dciodvfy", "dicom3tools"), [path]);
            var errors = (dciodvfy.StandardOutput + dciodvfy.StandardError).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, string.Join('\n', errors));
        }

        Assert.All(context.Log.Lines, line => AssertNoReportText(Positive + Negative, line));
    }

    [Fact]
    public async Task EvidenceForAPositiveReportPointsAtTheEmbolismSentence()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new PulmonaryEmbolismPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine, new Dictionary<string, string?> { ["Probe"] = "false", ["Perturbations"] = "false" }), CancellationToken.None);
        var reading = await plugin.ReadAsync(Positive, InferencePriority.Routine, CancellationToken.None);
        Assert.True(reading.Positive);
        Assert.Null(reading.Robustness);
        Assert.Null(reading.PerturbationAgreement);
        var top = reading.Sentences[0].Text.ToLowerInvariant();
        Assert.True(top.Contains("embol", StringComparison.Ordinal) || top.Contains("filling", StringComparison.Ordinal), top);
    }

    [Theory]
    [InlineData("   \n ", "ctpa", "empty")]
    [InlineData("MRI LEFT KNEE WITHOUT CONTRAST. FINDINGS: Complex tear of the posterior horn of the medial meniscus. The cruciate ligaments are intact. IMPRESSION: Medial meniscal tear.", "report", "not a CT report of the chest")]
    [InlineData("CT chest: no pulmonary embolism.", "mr-knee", "is not a CT report of the chest")]
    [InlineData("CT CHEST \uFFFD\uFFFD\uFFFD pulmonary \uFFFD embolism \uFFFD", "ctpa", "cannot be decoded")]
    [InlineData("MSH|^~\\&|RIS|H|RADCNN|H|20250101||ORU^R01|1|P|2.5\rOBX|1|TX|||CT chest no PE", "ctpa", "undecoded HL7")]
    public async Task WrongReportsAreRefusedWithAReason(string text, string kind, string reason)
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new PulmonaryEmbolismPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var result = await plugin.ProcessAsync(Report(text) with { Kind = kind }, CancellationToken.None);
        Assert.Equal(PluginResultStatus.NotApplicable, result.Status);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public async Task AnImageSeriesAndAReportWithoutStudyAreHandled()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new PulmonaryEmbolismPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var series = new ImageSeriesWorkItem
        {
            Id = "series-1",
            StudyInstanceUid = Study,
            SeriesInstanceUid = Study + ".1",
            Modality = "CT",
            Volumes = IImageVolumeSource.FromVolume(new ImageVolume(new float[1], 1, 1, 1, new Vector3D(1, 1, 1), default, new Vector3D(1, 0, 0), new Vector3D(0, 1, 0))),
        };
        Assert.Equal(PluginResultStatus.NotApplicable, (await plugin.ProcessAsync(series, CancellationToken.None)).Status);
        var noStudy = await plugin.ProcessAsync(Report(Positive) with { StudyInstanceUid = null }, CancellationToken.None);
        Assert.Equal(PluginResultStatus.Succeeded, noStudy.Status);
        Assert.Empty(noStudy.DicomObjects);
        Assert.Contains("no SR", noStudy.Message, StringComparison.Ordinal);
    }

    private static ReportWorkItem Report(string text) => new()
    {
        Id = "report-test",
        Text = text.Replace("\r\n", "\n", StringComparison.Ordinal),
        Kind = "ctpa",
        StudyInstanceUid = Study,
    };

    /// <summary>No run of three consecutive report words appears in <paramref name="output"/>.</summary>
    internal static void AssertNoReportText(string report, string output)
    {
        var words = report.Split([' ', '\n', '.', ',', ':'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 2 < words.Length; i++)
        {
            var phrase = $"{words[i]} {words[i + 1]} {words[i + 2]}";
            Assert.False(output.Contains(phrase, StringComparison.OrdinalIgnoreCase), $"report text '{phrase}' leaked into: {output}");
        }
    }
}
