using System.Text.Json;
using RadCnn.Plugins.ReportNlp.Embeddings;
using RadCnn.Plugins.ReportNlp.Evaluation;
using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.Reports;
using RadCnn.Training.Recipes;
using static TorchSharp.torch;

namespace RadCnn.Plugins.ReportNlp.Training;

/// <summary>
/// The text CNN as a recipe of the shared toolkit, so `radcnn eval report-pe --weights
/// plugins/ReportNlp/model/model.bin` judges the shipped network with the toolkit's metrics (AUC with a
/// bootstrap CI, sensitivity, specificity, F1 at 0.5 on the raw softmax). Reports become
/// [1, tokens, dimensions] matrices through the embeddings shipped beside the assembly
/// (model/embeddings.bin). The shipped weights come from the plugin's own recipe
/// (bench/report-nlp: adversarial examples, word dropout, temperature and threshold on validation),
/// which the shared trainer does not offer; `radcnn train report-pe` trains the same network without them.
/// The issue's own figures (AUC and F1 with bootstrap CIs, accuracy per subset, the rule baseline side
/// by side, ECE, flip shares) come from <see cref="EvaluateInDetail"/> in the same command.
/// </summary>
[ShippedModel(PulmonaryEmbolismPlugin.WeightsName)]
public sealed class ReportPeTrainingRecipe : ITrainingRecipe, IDetailedEvaluation
{
    private static readonly ReportPeOptions Options = new();

    public string Task => ReportPeRecipe.Task;

    public string Description => "Acute pulmonary embolism in CT pulmonary angiography reports: text CNN over subword skip-gram embeddings.";

    public TrainingTaskKind Kind => TrainingTaskKind.BinaryClassification;

    public InputSpec Input { get; } = new(1, Options.MaxTokens, 32, NormalizationKind.PerImageZScore);

    public IReadOnlyList<string> ClassNames { get; } = ["no acute PE", "acute PE"];

    public string Architecture => $"text CNN over [1, {Options.MaxTokens} tokens, 32 dims]: parallel widths {string.Join('/', Options.FilterWidths)} x {Options.FiltersPerWidth} filters, max-pool, dropout 0.3, linear 2";

    public TrainingHyperParameters Defaults { get; } = new()
    {
        Epochs = Options.Epochs,
        BatchSize = Options.BatchSize,
        LearningRate = Options.LearningRate,
        WeightDecay = Options.WeightDecay,
    };

    public IReadOnlyList<string> EarlyLayers { get; } = [];

    public nn.Module<Tensor, Tensor> CreateModel() => new TextCnn(32, Options.FilterWidths, Options.FiltersPerWidth);

    public TrainingData LoadData(string? dataDirectory, int seed)
    {
        var path = Path.Combine(Path.GetDirectoryName(typeof(ReportPeTrainingRecipe).Assembly.Location)!, "model", ReportModel.EmbeddingsFile);
        if (!File.Exists(path))
        {
            throw new DatasetException($"the embeddings {path} are missing: build the plugin (its model/ folder is copied beside the assembly)");
        }

        var encoder = new ReportEncoder(SubwordEmbeddings.Load(path), Options.MaxTokens);
        var reports = dataDirectory is null
            ? ReportSetWriter.Generate(new MixedReportGenerator(), ReportData.TrainCount, seed)
            : ReportData.ReadFolder(dataDirectory);
        var samples = reports.Select(r => new TrainingSample
        {
            Id = r.Id,
            PatientKey = r.Id,
            Pixels = encoder.Encode(r.Text),
            Channels = 1,
            Height = Options.MaxTokens,
            Width = encoder.Dimensions,
            Label = r.Label,
        }).ToList();
        var description = dataDirectory is null
            ? $"{reports.Count} synthetic dictated CT pulmonary angiography reports (seed {seed}), generated in memory"
            : $"{reports.Count} labelled reports from {dataDirectory}";
        return new TrainingData(samples, description);
    }

    /// <summary>
    /// The CNN (with the threshold and temperature of model.json beside the weights) and the rule
    /// baseline on the same reports: a labelled folder, or <see cref="HeldOutSets"/> from the seed
    /// (1000 dictated, 500 of each other style).
    /// </summary>
    public DetailedEvaluation EvaluateInDetail(string? dataDirectory, string weightsPath, int seed)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(weightsPath))!;
        var shipped = Path.Combine(Path.GetDirectoryName(typeof(ReportPeTrainingRecipe).Assembly.Location)!, "model");
        string Beside(string name) => File.Exists(Path.Combine(folder, name)) ? Path.Combine(folder, name) : Path.Combine(shipped, name);
        using var model = ReportModel.Load(Beside(ReportModel.EmbeddingsFile), weightsPath, Beside(ReportModelCard.FileName));
        var reports = dataDirectory is null
            ? HeldOutSets.From(seed, 1000).Select(set => ReportEvaluation.Run(model, set.Reports, set.Description, seed: seed)).ToList()
            : [ReportEvaluation.Run(model, ReportData.ReadFolder(dataDirectory), $"labelled reports in {dataDirectory}", seed: seed)];
        return new DetailedEvaluation(
            string.Concat(reports.Select(r => r.ToTable() + "\n")),
            JsonSerializer.Serialize(reports, ReportModelCard.Json));
    }
}
