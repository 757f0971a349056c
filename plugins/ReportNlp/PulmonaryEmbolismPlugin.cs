using System.Globalization;
using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.ReportNlp.Evaluation;
using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Plugins.ReportNlp.Reading;
using RadCnn.Plugins.ReportNlp.Rules;
using RadCnn.Plugins.ReportNlp.Text;
using RadCnn.Training.Decisions;

namespace RadCnn.Plugins.ReportNlp;

/// <summary>
/// Acute pulmonary embolism read from CT pulmonary angiography reports: a text CNN over subword
/// skip-gram embeddings gives a calibrated probability and a decision at the threshold chosen on
/// validation; it is probed with FGSM in embedding space and explained with Grad-CAM over the tokens
/// (the evidence words and sentences), and three realistic rewrites (typo, synonym, case) test it
/// again, all in one batched pass with the other reports in flight (<see cref="BatchedReader"/>). Results: a finding, evidence.json, and a Comprehensive SR in the report's study. The report
/// text never goes into messages, findings or logs. Trained on synthetic reports only: not for clinical use.
/// </summary>
public sealed class PulmonaryEmbolismPlugin : IRadCnnPlugin
{
    /// <summary>The manifest names of the three model files.</summary>
    public const string EmbeddingsName = "embeddings";
    public const string WeightsName = "text-cnn";
    public const string CardName = "model-card";

    private IPluginContext? context;
    private ReportModel? model;
    private BatchedReader? reader;
    private bool probe = true;
    private bool perturb = true;
    private bool explain = true;

    public PluginDescription Describe() => new("Acute pulmonary embolism in CT pulmonary angiography reports: probability, decision, evidence words and robustness.")
    {
        IntendedUse = "Research demonstration on synthetic radiology reports; not for clinical use.",
        FindingCodes = [ResultCodes.PulmonaryEmbolism.Value],
    };

    public async ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        probe = !bool.TryParse(context.Configuration["Probe"], out var p) || p;
        perturb = !bool.TryParse(context.Configuration["Perturbations"], out var w) || w;
        explain = !bool.TryParse(context.Configuration["Evidence"], out var e) || e;
        var weights = await File.ReadAllBytesAsync(context.GetModelPath(WeightsName), cancellationToken).ConfigureAwait(false);
        var embeddings = Embeddings.SubwordEmbeddings.Load(context.GetModelPath(EmbeddingsName));
        model = new ReportModel(embeddings, weights, ReportModelCard.Load(context.GetModelPath(CardName)));
        reader = new BatchedReader(model, new ProbeSettings());
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (context is null || model is null || reader is null)
        {
            throw new InvalidOperationException("the plugin is not initialised");
        }

        if (item is not ReportWorkItem report)
        {
            return PluginResult.NotApplicable("refused: not a report");
        }

        if (ReportGate.RefusalReason(report) is { } reason)
        {
            return PluginResult.NotApplicable(reason);
        }

        var reading = await ReadAsync(report.Text, report.Priority, cancellationToken).ConfigureAwait(false);
        var rules = NegExBaseline.Read(report.Text);
        var finding = new Finding(ResultCodes.PulmonaryEmbolism.Value, ResultCodes.PulmonaryEmbolism.Meaning, reading.Probability)
        {
            CodingScheme = ResultCodes.PulmonaryEmbolism.Scheme,
            Robustness = reading.Robustness,
        };
        var measurements = new List<Measurement>();
        if (reading.PerturbationAgreement is { } agreement)
        {
            measurements.Add(new Measurement("word perturbation agreement", agreement, "1"));
        }

        var objects = new List<DicomDataset>();
        var srNote = "no SR: the report names no study";
        if (report.StudyInstanceUid is { Length: > 0 } study && DicomUid.IsValid(study))
        {
            objects.Add(BuildReport(report, study, reading).Dataset);
            srNote = "SR in the report's study";
        }

        var evidence = JsonSerializer.SerializeToUtf8Bytes(new
        {
            task = model.Card.Task,
            probability = Math.Round(reading.Probability, 4),
            threshold = model.Threshold,
            decision = reading.Positive ? "acute pulmonary embolism" : "no acute pulmonary embolism",
            tokens = reading.Tokens,
            truncated = reading.Truncated,
            robustness = reading.Robustness,
            perturbationAgreement = reading.PerturbationAgreement,
            ruleBaseline = new { positive = rules.Positive, mentions = rules.Mentions.Select(m => new { m.Sentence, m.Term, status = m.Status.ToString().ToLowerInvariant(), m.Trigger }) },
            evidence = new { words = reading.Words, sentences = reading.Sentences },
            notice = "Synthetic-report model, not for clinical use.",
        }, ReportModelCard.Json);
        var robustness = reading.Robustness is { } r ? (r.Fragile ? "fragile under FGSM" : "stable under FGSM") : "not probed";
        return new PluginResult
        {
            Status = PluginResultStatus.Succeeded,
            Message = string.Create(CultureInfo.InvariantCulture, $"P(acute PE)={reading.Probability:F3} {(reading.Positive ? ">=" : "<")} {model.Threshold:F3}, {(reading.Positive ? "positive" : "negative")}, {robustness}, rule baseline {(rules.Positive ? "positive" : "negative")}, {reading.Tokens} tokens{(reading.Truncated ? " (truncated)" : "")}; {srNote}"),
            Findings = [finding],
            Measurements = measurements,
            Files = [new OutputFile("evidence.json", "application/json", evidence)],
            DicomObjects = objects,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (reader is not null)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            reader = null;
        }

        model?.Dispose();
        model = null;
    }

    /// <summary>Reports per batch of the fast path so far.</summary>
    internal double MeanBatch => reader?.MeanBatch ?? 0;

    /// <summary>Reads one report text: probability, decision, probes and evidence.</summary>
    /// <remarks>
    /// Through the plugin's <see cref="BatchedReader"/>: the report, its rewrites, the FGSM steps and
    /// Grad-CAM are read in one batch with the other reports in flight. <paramref name="priority"/> is
    /// not used by that path (it serves only this plugin's reports, in arrival order).
    /// </remarks>
    internal async Task<ReportReading> ReadAsync(string text, InferencePriority priority, CancellationToken cancellationToken)
    {
        if (model is null || reader is null)
        {
            throw new InvalidOperationException("the plugin is not initialised");
        }

        var tokens = ReportTokenizer.Tokenize(text);
        var words = new string[tokens.Count];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = tokens[i].Form;
        }

        var rewrites = new IReadOnlyList<string>[perturb ? WordPerturber.Kinds.Count : 0];
        for (var kind = 0; kind < rewrites.Length; kind++)
        {
            rewrites[kind] = ReportTokenizer.Words(WordPerturber.Perturb(text, kind, seed: kind + 1));
        }

        var outcome = await reader.ReadAsync(new ReadingRequest(words, rewrites, probe, explain), cancellationToken).ConfigureAwait(false);
        double? agreement = rewrites.Length > 0 ? (double)outcome.RewritePositive.Count(p => p == outcome.Positive) / rewrites.Length : null;
        var (evidenceWords, sentences) = Evidence.From(text, tokens, outcome.Heat);
        return new ReportReading(DecisionModule.Probability(outcome.Z, model.Threshold), outcome.Positive, outcome.Robustness, agreement, tokens.Count, tokens.Count > model.Encoder.MaxTokens, evidenceWords, sentences);
    }

    private DicomFile BuildReport(ReportWorkItem report, string studyUid, ReportReading reading)
    {
        // The report is not a DICOM object: a stand-in source carries only the study, so the SR lands in
        // the study the report reads. Patient attributes stay empty (type 2): the plugin never sees them.
        var source = new DicomDataset();
        source.AddOrUpdate(DicomTag.StudyInstanceUID, studyUid);
        source.AddOrUpdate(DicomTag.SOPClassUID, DicomUid.BasicTextSRStorage.Value);
        source.AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate().Value);
        var algorithm = new AlgorithmIdentity(context!.Manifest.Id, context.Manifest.Version.ToString()) { DisplayName = "RadCnn PE report reader" };
        var evidence = reading.Sentences.Count > 0 ? $" Evidence: \"{reading.Sentences[0].Text}\"" : "";
        var builder = new FindingsReportBuilder([source], algorithm, context.TimeProvider)
        {
            SeriesDescription = "AI report reading",
            Comment = string.Create(CultureInfo.InvariantCulture, $"Read from the radiology report ({report.Kind}): probability {reading.Probability:F3}, threshold {model!.Threshold:F3}: {(reading.Positive ? "acute pulmonary embolism stated" : "no acute pulmonary embolism stated")}.{evidence} Synthetic-report model, not for clinical use."),
        }.Add(new ReportFinding(ResultCodes.PulmonaryEmbolism, reading.Probability)
        {
            Label = reading.Positive ? "Acute pulmonary embolism in report" : "No acute pulmonary embolism in report",
            Site = ResultCodes.Lung,
            Fragile = reading.Robustness?.Fragile,
            FlippingEpsilon = reading.Robustness?.SmallestFlippingEpsilon,
        });
        return builder.Build();
    }
}
