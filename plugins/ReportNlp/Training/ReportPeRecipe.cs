using System.Globalization;
using RadCnn.Plugins.ReportNlp.Embeddings;
using RadCnn.Plugins.ReportNlp.Evaluation;
using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.Reports;

namespace RadCnn.Plugins.ReportNlp.Training;

/// <summary>
/// Recipe "report-pe": the text CNN trained over the embeddings in the output folder on labelled
/// reports (the mixed-style generator's <see cref="ReportData.TrainSeed"/>, or a user's labelled folder),
/// the last fifth held out for validation (temperature and threshold), then judged once on the
/// held-out seed; writes model.bin and model.json.
/// </summary>
internal static class ReportPeRecipe
{
    public const string Task = "report-pe";

    public static ReportModelCard Run(string modelDirectory, string? dataDirectory, ReportPeOptions options, int count, string command, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var embeddingsPath = Path.Combine(modelDirectory, ReportModel.EmbeddingsFile);
        var embeddings = SubwordEmbeddings.Load(embeddingsPath);
        var reports = dataDirectory is null
            ? ReportSetWriter.Generate(new MixedReportGenerator(), count, ReportData.TrainSeed)
            : ReportData.ReadFolder(dataDirectory);
        var validationCount = (int)(reports.Count * ReportData.ValidationShare);
        var train = reports.Take(reports.Count - validationCount).Select(r => (r.Text, r.Label)).ToList();
        var validation = reports.Skip(reports.Count - validationCount).Select(r => (r.Text, r.Label)).ToList();
        var encoder = new ReportEncoder(embeddings, options.MaxTokens);
        var started = DateTimeOffset.UtcNow;
        var outcome = ReportPeTrainer.Train(encoder, train, validation, options, progress);
        var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
        var weightsPath = Path.Combine(modelDirectory, ReportModel.WeightsFile);
        File.WriteAllBytes(weightsPath, outcome.Weights);
        var existing = File.Exists(Path.Combine(modelDirectory, ReportModelCard.FileName)) ? ReportModelCard.Load(Path.Combine(modelDirectory, ReportModelCard.FileName)) : null;
        var card = new ReportModelCard
        {
            Architecture = string.Create(CultureInfo.InvariantCulture, $"text CNN: [1, {options.MaxTokens} tokens, {embeddings.Dimensions} dims] -> parallel Conv2d widths {string.Join('/', options.FilterWidths)} x {options.FiltersPerWidth} filters spanning all dims + ReLU -> max-pool over tokens -> dropout 0.3 -> linear 2"),
            MaxTokens = options.MaxTokens,
            Dimensions = embeddings.Dimensions,
            FilterWidths = options.FilterWidths,
            FiltersPerWidth = options.FiltersPerWidth,
            Threshold = Math.Round(outcome.Threshold, 6),
            Temperature = Math.Round(outcome.Temperature, 6),
            Embeddings = existing?.Embeddings is { } e && e.Sha256 == WeightFiles.Sha256(embeddingsPath) ? e : null,
            Training = new Dictionary<string, object?>
            {
                ["command"] = command,
                ["data"] = dataDirectory is null ? $"{reports.Count} synthetic reports of mixed styles (dictated, structured, terse, rewritten in form), seed {ReportData.TrainSeed}" : $"{reports.Count} labelled reports from a user folder",
                ["train"] = train.Count,
                ["validation"] = validation.Count,
                ["epochs"] = options.Epochs,
                ["batchSize"] = options.BatchSize,
                ["learningRate"] = options.LearningRate,
                ["weightDecay"] = options.WeightDecay,
                ["adversarialEpsilon"] = options.AdversarialEpsilon,
                ["wordDropout"] = options.WordDropout,
                ["seed"] = options.Seed,
                ["seconds"] = Math.Round(seconds, 1),
                ["history"] = outcome.History,
            },
            Validation = outcome.Validation.ToDictionary(p => p.Key, p => Math.Round(p.Value, 4)),
            WeightsSha256 = WeightFiles.Sha256(weightsPath),
            Created = DateTimeOffset.UtcNow,
        };
        card.Save(Path.Combine(modelDirectory, ReportModelCard.FileName));
        using var model = ReportModel.LoadFolder(modelDirectory);
        var heldOut = ReportSetWriter.Generate(new CtpaReportGenerator(), 1000, ReportData.HeldOutSeed);
        var test = ReportEvaluation.Run(model, heldOut, $"held-out dictated reports, seed {ReportData.HeldOutSeed}");
        card = card with
        {
            Test = new Dictionary<string, object?>
            {
                ["data"] = test.Data,
                ["reports"] = test.Reports,
                ["auc"] = test.Cnn.Auc,
                ["f1"] = test.Cnn.F1,
                ["accuracy"] = test.Cnn.Accuracy,
                ["ece"] = test.Cnn.Ece,
                ["subsets"] = test.Cnn.Subsets,
                ["perturbationFlipShare"] = test.CnnPerturbationFlipShare,
                ["fgsmFlipShare"] = test.CnnFgsmFlipShare,
            },
        };
        card.Save(Path.Combine(modelDirectory, ReportModelCard.FileName));
        progress?.Invoke(test.ToTable());
        return card;
    }
}
