using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Phantoms;
using RadCnn.Training.Recipes;
using RadCnn.Training.Robustness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RadCnn.Training.Optimization;

/// <summary>
/// The mini-batch training loop shared by every recipe: seeded initialisation, shuffling, augmentation
/// and dropout (so the same seed gives the same weights on the CPU), a scheduled learning rate,
/// validation after every epoch, the best epoch's weights kept, early stopping on the validation loss
/// (or on the recipe's whole-case figure when it supplies one, <see cref="IWholeCaseValidation"/>),
/// and a checkpoint after every epoch from which an interrupted run resumes to the same end.
/// </summary>
internal sealed class Trainer(ITrainingRecipe recipe, TrainingOptions options, ITrainingProgress progress)
{
    public const string BestWeightsFile = "best.bin";

    /// <summary>The validation metric holding the loss under FGSM at the training epsilon (adversarial training only).</summary>
    public const string AttackedLossMetric = "loss_under_fgsm";

    public TrainingOutcome Run(SplitDataset data, string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var hp = options.HyperParameters;
        hp.Validate();
        if (data.Train.Count == 0)
        {
            throw new DatasetException("the training split is empty: the dataset has too few patients for a train/validation/test split");
        }

        Directory.CreateDirectory(outputDirectory);
        var device = torch.device(options.Device);
        var bestPath = Path.Combine(outputDirectory, BestWeightsFile);
        torch.manual_seed(options.Seed);
        using var model = recipe.CreateModel();
        if (options.InitialWeights is { } initial)
        {
            WeightFiles.Load(model, initial);
        }

        model.to(device);
        var frozen = options.FreezeEarlyLayers ? Freeze(model, recipe.EarlyLayers) : 0;
        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = CreateOptimizer(trainable, hp);

        var state = options.Resume ? TrainingCheckpoint.TryLoad(outputDirectory) : null;
        if (state is not null)
        {
            if (state.Task != recipe.Task || state.Seed != options.Seed)
            {
                throw new InvalidOperationException($"{outputDirectory} holds a checkpoint of task '{state.Task}' with seed {state.Seed}; resume with the same task and seed or choose another --out");
            }

            WeightFiles.Load(model, TrainingCheckpoint.WeightsPath(outputDirectory));
            optimizer.load_state_dict(TrainingCheckpoint.OptimizerPath(outputDirectory));
            progress.Message($"resuming after epoch {state.EpochsDone}");
        }

        state ??= new TrainingCheckpoint
        {
            Task = recipe.Task,
            Seed = options.Seed,
            EpochsDone = 0,
            BestEpoch = -1,
            BestValidationLoss = double.PositiveInfinity,
            EpochsWithoutImprovement = 0,
            Finished = false,
            History = [],
        };
        if (frozen > 0)
        {
            progress.Message($"{frozen} parameter tensors of the early layers frozen");
        }

        var validation = data.Validation.Count > 0 ? data.Validation : data.Train;
        if (data.Validation.Count == 0)
        {
            progress.Message("no validation patients: early stopping watches the training loss");
        }

        var validationPatients = validation.Select(s => s.PatientKey).ToHashSet(StringComparer.Ordinal);
        if (options.WholeCaseValidation is { } figure && options.InitialWeights is not null && state.EpochsDone == 0)
        {
            // A fine-tune is judged against where it started: the starting weights are scored first and are
            // what is kept (best epoch 0) when no epoch beats them on the figure.
            var start = ScoreWholeCases(figure, "the starting weights");

            state = state with { BestValidationLoss = -start };
            AtomicFile.Write(bestPath, path => model.save(path));
            progress.Message(FormattableString.Invariant($"starting weights: {figure.MetricName} {start:F4} on the validation cases"));
        }

        var batches = BatchPlan(data.Train.Count, hp.BatchSize);
        progress.Started(recipe.Task, state.EpochsDone, hp.Epochs, batches.Count);
        var ranThisCall = 0;
        var stoppedEarly = false;
        while (!state.Finished && state.EpochsDone < hp.Epochs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.MaxEpochsThisRun is { } max && ranThisCall >= max)
            {
                break;
            }

            var epoch = state.EpochsDone;
            var learningRate = hp.LearningRateAt(epoch) * (options.InitialWeights is null ? 1 : hp.FineTuneLearningRateFactor);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            var (trainLoss, trainMetric) = TrainEpoch(model, optimizer, data.Train, batches, epoch, device);
            var evaluation = ModelEvaluator.Evaluate(model, validation, recipe.Kind, hp.Loss, hp.BatchSize, device, localMeanWeight: hp.LocalMeanWeight, componentRecallWeight: hp.ComponentRecallWeight, patchMeanWeight: hp.PatchMeanWeight, patchMeanRange: hp.PatchMeanRange, componentShellWeight: hp.ComponentShellWeight);
            var selectionLoss = evaluation.Loss;
            if (hp.Adversarial is { } attack)
            {
                // The clean loss alone picks the least robust epoch (robustness costs clean loss at first), so an
                // adversarially trained model is kept and stopped on the mean of its clean and attacked validation losses.
                var attacked = AttackedLoss(model, validation, attack, device);
                selectionLoss = (evaluation.Loss + attacked) / 2;
                evaluation = evaluation with { Metrics = new Dictionary<string, double>(evaluation.Metrics) { [AttackedLossMetric] = attacked } };
            }

            if (options.WholeCaseValidation is { } whole)
            {
                // The recipe's figure over whole validation cases replaces the sample loss as what is kept and
                // stopped on (negated: the trainer keeps the lowest). The sample loss is still recorded.
                var score = ScoreWholeCases(whole, FormattableString.Invariant($"epoch {epoch + 1}"));

                selectionLoss = -score;
                evaluation = evaluation with { Metrics = new Dictionary<string, double>(evaluation.Metrics) { [whole.MetricName] = score } };
            }

            var improved = selectionLoss < state.BestValidationLoss - hp.EarlyStoppingMinDelta;
            if (improved)
            {
                AtomicFile.Write(bestPath, path => model.save(path));
            }

            var record = new EpochRecord(epoch, learningRate, trainLoss, trainMetric, evaluation.Loss, evaluation.Metrics, improved);
            var without = improved ? 0 : state.EpochsWithoutImprovement + 1;
            stoppedEarly = hp.EarlyStoppingPatience > 0 && without >= hp.EarlyStoppingPatience;
            state = state with
            {
                EpochsDone = epoch + 1,
                BestEpoch = improved ? epoch : state.BestEpoch,
                BestValidationLoss = improved ? selectionLoss : state.BestValidationLoss,
                EpochsWithoutImprovement = without,
                Finished = stoppedEarly || epoch + 1 >= hp.Epochs,
                History = [.. state.History, record],
            };
            Directory.CreateDirectory(Path.Combine(outputDirectory, TrainingCheckpoint.DirectoryName));
            AtomicFile.Write(TrainingCheckpoint.WeightsPath(outputDirectory), path => model.save(path));
            AtomicFile.Write(TrainingCheckpoint.OptimizerPath(outputDirectory), optimizer.save_state_dict);
            state.Save(outputDirectory);
            progress.EpochCompleted(record);
            ranThisCall++;
        }

        if (stoppedEarly)
        {
            var watched = options.WholeCaseValidation is { } w ? $"higher {w.MetricName}" : "lower validation loss";
            progress.Message($"early stop: no {watched} for {hp.EarlyStoppingPatience} epochs; best epoch {state.BestEpoch + 1}");
        }

        return new TrainingOutcome(state.History, state.BestEpoch, state.BestValidationLoss, state.Finished, state.History.Count < hp.Epochs && state.Finished, bestPath);

        // A figure that is not a number would make every later comparison false and keep the wrong weights.
        double ScoreWholeCases(IWholeCaseValidation figure, string of)
        {
            var score = figure.Score(model, validationPatients, device);
            return double.IsFinite(score)
                ? score
                : throw new InvalidOperationException($"the whole-case validation figure '{figure.MetricName}' of {of} is {score}");
        }
    }

    private (double Loss, double Metric) TrainEpoch(nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer, IReadOnlyList<TrainingSample> train, List<int> batchSizes, int epoch, Device device)
    {
        var hp = options.HyperParameters;
        // Every random stream of an epoch derives from (seed, epoch): a resumed run replays it exactly.
        torch.manual_seed(SeededRandom.Mix(options.Seed, epoch, 0));
#pragma warning disable CA5394 // seeded shuffling and augmentation, not security
        var order = Enumerable.Range(0, train.Count).ToArray();
        new Random(SeededRandom.Mix(options.Seed, epoch, 1)).Shuffle(order);
        var augmentRandom = new Random(SeededRandom.Mix(options.Seed, epoch, 2));
#pragma warning restore CA5394
        model.train();
        double lossSum = 0, metricSum = 0;
        var seen = 0;
        var start = 0;
        for (var b = 0; b < batchSizes.Count; b++)
        {
            using var scope = NewDisposeScope();
            ReadOnlySpan<int> indices = order.AsSpan(start, batchSizes[b]);
            start += batchSizes[b];
            if (hp.Adversarial is { TradesBeta: null })
            {
                indices = AdversarialExamples.AttackFirstOrder(train, indices);
            }

            var images = BatchBuilder.Images(train, indices, device);
            var targets = BatchBuilder.Targets(train, indices, recipe.Kind, hp.Loss, device);
            (images, var augmentedTargets) = TensorAugmenter.Apply(
                images,
                recipe.Kind is TrainingTaskKind.Segmentation or TrainingTaskKind.ImageRestoration ? targets : null,
                recipe.Kind == TrainingTaskKind.Segmentation,
                hp.Augmentation,
                augmentRandom);
            targets = augmentedTargets ?? targets;
            var adversarial = hp.Adversarial?.AtEpoch(epoch);
            if (adversarial is { TradesBeta: null })
            {
                // Madry-style: the attack runs against the current weights, on the augmented images, with the true
                // targets; image-to-image tasks get the engine probe's zero-mean attack on the output's deviation.
                images = AdversarialExamples.Mix(model, images, targets, hp.Loss, adversarial, recipe.Kind);
            }

            optimizer.zero_grad();
            Tensor output, loss;
            if (adversarial is { TradesBeta: { } beta })
            {
                var perturbed = AdversarialExamples.PerturbTrades(model, images, adversarial, hp.Loss);
                loss = AdversarialExamples.TradesLoss(model, images, perturbed, targets, hp.Loss, beta, out output);
            }
            else
            {
                output = model.forward(images);
                loss = Losses.Compute(hp.Loss, output, targets, hp.LocalMeanWeight, hp.ComponentRecallWeight, hp.PatchMeanWeight, hp.PatchMeanRange, hp.ComponentShellWeight);
            }

            loss.backward();
            optimizer.step();
            var value = loss.item<float>();
            lossSum += value * indices.Length;
            metricSum += PrimaryMetric.OfBatch(recipe.Kind, hp.Loss, output, targets) * indices.Length;
            seen += indices.Length;
            progress.BatchCompleted(epoch, b, value);
        }

        return (lossSum / seen, metricSum / seen);
    }

    /// <summary>
    /// The validation loss with every sample replaced by its FGSM example at the full training epsilon (the engine
    /// probe's attack: no random start; for image tasks its zero-mean attack from a random start).
    /// </summary>
    private double AttackedLoss(nn.Module<Tensor, Tensor> model, IReadOnlyList<TrainingSample> samples, AdversarialTraining attack, Device device)
    {
        var hp = options.HyperParameters;
        var fgsm = attack with { Steps = 1, RandomStart = false, RampEpochs = 0 };
        model.eval();
        var indices = Enumerable.Range(0, samples.Count).ToArray();
        var sum = 0.0;
        for (var start = 0; start < samples.Count; start += hp.BatchSize)
        {
            using var scope = NewDisposeScope();
            var batch = indices.AsSpan(start, Math.Min(hp.BatchSize, samples.Count - start));
            var images = BatchBuilder.Images(samples, batch, device);
            var targets = BatchBuilder.Targets(samples, batch, recipe.Kind, hp.Loss, device);
            var perturbed = AdversarialExamples.Perturb(model, images, targets, hp.Loss, fgsm, recipe.Kind);
            using var noGrad = no_grad();
            sum += Losses.Compute(hp.Loss, model.forward(perturbed), targets, hp.LocalMeanWeight, hp.ComponentRecallWeight, hp.PatchMeanWeight, hp.PatchMeanRange, hp.ComponentShellWeight).item<float>() * batch.Length;
        }

        return sum / samples.Count;
    }

    /// <summary>Batch sizes of an epoch; a last batch of one sample joins the previous one (batch norm needs two).</summary>
    private static List<int> BatchPlan(int count, int batchSize)
    {
        var sizes = new List<int>();
        for (var start = 0; start < count; start += batchSize)
        {
            sizes.Add(Math.Min(batchSize, count - start));
        }

        if (sizes.Count > 1 && sizes[^1] == 1)
        {
            sizes.RemoveAt(sizes.Count - 1);
            sizes[^1] += 1;
        }

        return sizes;
    }

    private static int Freeze(nn.Module<Tensor, Tensor> model, IReadOnlyList<string> prefixes)
    {
        var frozen = 0;
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                parameter.requires_grad = false;
                frozen++;
            }
        }

        if (frozen == 0 && prefixes.Count > 0)
        {
            throw new InvalidOperationException($"no parameter matches the early layers ({string.Join(", ", prefixes)}) of this model");
        }

        return frozen;
    }

    // RadCnn's optimizers: TorchSharp's updates and state files, with every Scalar kept alive across the native call.
    internal static OptimizerHelper CreateOptimizer(List<Parameter> parameters, TrainingHyperParameters hp) => hp.Optimizer switch
    {
        OptimizerKind.SgdMomentum => new SGD(parameters, hp.LearningRate, momentum: hp.Momentum, weight_decay: hp.WeightDecay),
        _ => new Adam(parameters, hp.LearningRate, weight_decay: hp.WeightDecay),
    };
}
