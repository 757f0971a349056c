using System.Reflection;
using RadCnn.Training.Data;
using RadCnn.Training.Decisions;
using RadCnn.Training.Optimization;
using RadCnn.Training.Plots;
using RadCnn.Training.Provenance;
using RadCnn.Training.Recipes;
using RadCnn.Training.Robustness;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Sessions;

/// <summary>
/// A whole training or evaluation run for a recipe: load the data, split it by patient, train with
/// checkpoints, evaluate the best epoch once on the test split, and write model.bin, model.json and
/// the plots into the output directory.
/// </summary>
internal sealed class TrainingSession(TimeProvider time)
{
    public const string WeightsFile = "model.bin";

    public TrainingReport Train(ITrainingRecipe recipe, TrainRequest request, ITrainingProgress progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(request);
        // --epochs 0 with --from trains nothing: it fits the decision policy and profile of existing weights and evaluates them.
        var calibrateOnly = request.Epochs == 0;
        if (calibrateOnly && request.FromWeights is null)
        {
            throw new InvalidOperationException("--epochs 0 calibrates existing weights: name them with --from");
        }

        var hp = request.Epochs is { } epochs and > 0 ? recipe.Defaults with { Epochs = epochs } : recipe.Defaults;
        hp.Validate();
        var data = recipe.LoadData(request.DataDirectory, request.Seed);
        if (data.Samples.Count == 0)
        {
            throw new DatasetException($"task {recipe.Task}: the dataset is empty");
        }

        var split = PatientSplit.Split(data.Samples, hp.Split, request.Seed);
        progress.Message($"{data.Samples.Count} images: train {split.Train.Count}, validation {split.Validation.Count}, test {split.Test.Count}");
        var options = new TrainingOptions
        {
            Seed = request.Seed,
            HyperParameters = hp,
            InitialWeights = request.FromWeights,
            FreezeEarlyLayers = request.FreezeEarlyLayers,
            Resume = request.Resume,
            MaxEpochsThisRun = request.MaxEpochsThisRun,
            Device = request.Device,
            WholeCaseValidation = data.WholeCaseValidation,
        };
        var outcome = calibrateOnly
            ? new TrainingOutcome([], -1, double.NaN, Completed: true, StoppedEarly: false, Path.GetFullPath(request.FromWeights!))
            : new Trainer(recipe, options, progress).Run(split, request.OutputDirectory, cancellationToken);
        if (!outcome.Completed)
        {
            progress.Message($"stopped after epoch {outcome.History.Count}; run the same command again to resume");
            return new TrainingReport(outcome, null, null, null, []);
        }

        Directory.CreateDirectory(request.OutputDirectory);
        var weights = Path.Combine(request.OutputDirectory, WeightsFile);
        if (!string.Equals(Path.GetFullPath(outcome.BestWeightsPath), Path.GetFullPath(weights), StringComparison.Ordinal))
        {
            File.Copy(outcome.BestWeightsPath, weights, overwrite: true);
        }

        var decision = FitDecision(recipe, weights, split.Validation.Count > 0 ? split.Validation : split.Train, hp, request.Device, progress);
        var test = EvaluateWeights(recipe, weights, split.Test.Count > 0 ? split.Test : split.Validation, hp.BatchSize, request.Device, request.Seed, decision);
        var profile = FitProfile(split.Train);
        var plots = outcome.History.Count > 0 ? TrainingPlots.WriteCurves(request.OutputDirectory, recipe.Task, recipe.Kind, outcome.History).ToList() : [];
        if (test.Roc is not null)
        {
            plots.Add(TrainingPlots.WriteRoc(request.OutputDirectory, $"{recipe.Task}: ROC on the test split", test.Roc, test.AucInterval));
        }

        var card = new ModelCard
        {
            Task = recipe.Task,
            Description = recipe.Description,
            Architecture = recipe.Architecture,
            Kind = recipe.Kind,
            Classes = recipe.ClassNames,
            Input = recipe.Input,
            Training = new ModelCardTraining(
                request.Command,
                request.Seed,
                hp,
                outcome.History.Count,
                outcome.BestEpoch + 1,
                outcome.StoppedEarly,
                request.FromWeights is null ? null : WeightFiles.Sha256(request.FromWeights),
                request.FreezeEarlyLayers ? recipe.EarlyLayers : [],
                request.Device),
            Dataset = new ModelCardDataset(data.Description, request.Seed, Size(split.Train), Size(split.Validation), Size(split.Test)),
            TestLoss = test.Loss,
            TestMetrics = test.Metrics,
            Weights = new ModelCardWeights(WeightsFile, "TorchSharp state dict (Module.save)", WeightFiles.Sha256(weights)),
            Decision = decision,
            OutOfDistribution = profile,
            Created = time.GetUtcNow(),
            Software = $"RadCnn.Training {typeof(TrainingSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?"}, TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}",
        };
        card.Save(request.OutputDirectory);
        return new TrainingReport(outcome, test, weights, Path.Combine(request.OutputDirectory, ModelCard.FileName), plots);
    }

    /// <summary>
    /// Evaluates weights on every sample of a data directory (or the recipe's phantoms), for `radcnn eval`:
    /// at the temperature and threshold of the model.json beside the weights when it records them (else
    /// the raw probability at 0.5, said in the result), with the share of inputs its profile calls out of distribution.
    /// </summary>
    public static EvaluationResult Evaluate(ITrainingRecipe recipe, string? dataDirectory, string weights, int seed, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var data = recipe.LoadData(dataDirectory, seed);
        var policy = ModelPolicy.TryLoadBeside(weights);
        var result = EvaluateWeights(recipe, weights, data.Samples, recipe.Defaults.BatchSize, device, seed, policy?.Decision);
        if (policy?.OutOfDistribution is { } profile && data.Samples.Count > 0 && data.Samples[0].Height >= 3 && data.Samples[0].Width >= 3)
        {
            var flagged = data.Samples.Count(s => profile.IsOutOfDistribution(s.Pixels, s.Channels * s.Height, s.Width));
            var metrics = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal) { ["ood_share"] = (double)flagged / data.Samples.Count };
            result = result with { Metrics = metrics };
        }

        return result;
    }

    private static EvaluationResult EvaluateWeights(ITrainingRecipe recipe, string weights, IReadOnlyList<TrainingSample> samples, int batchSize, string device, int seed, DecisionPolicy? decision = null)
    {
        using var model = recipe.CreateModel();
        WeightFiles.Load(model, weights);
        model.to(torch.device(device));
        return ModelEvaluator.Evaluate(model, samples, recipe.Kind, recipe.Defaults.Loss, batchSize, torch.device(device), bootstrapSeed: seed, decision, recipe.Defaults.LocalMeanWeight, recipe.Defaults.ComponentRecallWeight, recipe.Defaults.PatchMeanWeight, recipe.Defaults.PatchMeanRange, recipe.Defaults.ComponentShellWeight);
    }

    /// <summary>Temperature and threshold of a binary model on its validation split; null for other tasks or a one-class split.</summary>
    private static DecisionPolicy? FitDecision(ITrainingRecipe recipe, string weights, IReadOnlyList<TrainingSample> validation, TrainingHyperParameters hp, string device, ITrainingProgress progress)
    {
        if (recipe.Kind != TrainingTaskKind.BinaryClassification || !validation.Any(s => s.Label == 0) || !validation.Any(s => s.Label == 1))
        {
            return null;
        }

        using var model = recipe.CreateModel();
        WeightFiles.Load(model, weights);
        model.to(torch.device(device));
        var raw = ModelEvaluator.Evaluate(model, validation, recipe.Kind, hp.Loss, hp.BatchSize, torch.device(device));
        var decision = DecisionPolicy.Fit(raw.LogitDifferences, raw.Labels, hp.ThresholdRule, hp.TargetSensitivity);
        progress.Message(FormattableString.Invariant($"validation: temperature {decision.Temperature:F3}, threshold {decision.Threshold:F3} ({decision.Rule}), sensitivity {decision.ValidationSensitivity:F3}, specificity {decision.ValidationSpecificity:F3}, ECE {decision.ValidationEceUncalibrated:F3} -> {decision.ValidationEce:F3}"));
        return decision;
    }

    /// <summary>The training inputs' statistics (image tasks; a profile of fewer than two images says nothing).</summary>
    private static DistributionProfile? FitProfile(IReadOnlyList<TrainingSample> train) =>
        train.Count >= 2 && train[0].Height >= 3 && train[0].Width >= 3
            ? DistributionProfile.FitInputs(train.Select(s => s.Pixels), train[0].Channels * train[0].Height, train[0].Width)
            : null;

    private static ModelCardSplit Size(IReadOnlyList<TrainingSample> samples) =>
        new(samples.Count, samples.Select(s => s.PatientKey).Distinct(StringComparer.Ordinal).Count());
}
