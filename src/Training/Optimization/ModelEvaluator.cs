using RadCnn.Training.Data;
using RadCnn.Training.Decisions;
using RadCnn.Training.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Optimization;

/// <summary>Runs a model over a set in eval mode without gradients and computes the loss and the task's metrics.</summary>
internal static class ModelEvaluator
{
    /// <summary>Where a dense output (segmentation probability) counts as foreground, and the binary threshold of a model without a <see cref="DecisionPolicy"/>.</summary>
    public const double Threshold = 0.5;

    public static EvaluationResult Evaluate(
        nn.Module<Tensor, Tensor> model,
        IReadOnlyList<TrainingSample> samples,
        TrainingTaskKind kind,
        LossKind loss,
        int batchSize,
        Device device,
        int? bootstrapSeed = null,
        DecisionPolicy? decision = null,
        double localMeanWeight = Losses.LocalMeanWeight,
        double componentRecallWeight = 0,
        double patchMeanWeight = 0,
        (double Low, double High)? patchMeanRange = null,
        double componentShellWeight = 0)
    {
        if (samples.Count == 0)
        {
            return new EvaluationResult(0, double.NaN, new Dictionary<string, double>());
        }

        model.eval();
        using var noGrad = no_grad();
        var collector = new OutputCollector(kind, loss, decision);
        var lossSum = 0.0;
        var indices = Enumerable.Range(0, samples.Count).ToArray();
        for (var start = 0; start < samples.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var batch = indices.AsSpan(start, Math.Min(batchSize, samples.Count - start));
            var images = BatchBuilder.Images(samples, batch, device);
            var targets = BatchBuilder.Targets(samples, batch, kind, loss, device);
            var output = model.forward(images);
            lossSum += Losses.Compute(loss, output, targets, localMeanWeight, componentRecallWeight, patchMeanWeight, patchMeanRange, componentShellWeight).item<float>() * batch.Length;
            collector.Add(output, targets, samples, batch);
        }

        return collector.Result(samples.Count, lossSum / samples.Count, bootstrapSeed);
    }

    /// <summary>Gathers per-sample outputs on the CPU so the metrics run on managed arrays.</summary>
    private sealed class OutputCollector(TrainingTaskKind kind, LossKind loss, DecisionPolicy? decision)
    {
        private readonly List<double> scores = [];
        private readonly List<double> logitDifferences = [];
        private readonly List<int> labels = [];
        private readonly List<int> predictions = [];
        private readonly Dictionary<string, List<double>> dense = new(StringComparer.Ordinal);

        public void Add(Tensor output, Tensor targets, IReadOnlyList<TrainingSample> samples, ReadOnlySpan<int> batch)
        {
            switch (kind)
            {
                case TrainingTaskKind.BinaryClassification:
                    var z = loss == LossKind.CrossEntropy ? output[.., 1] - output[.., 0] : output.reshape(-1);
                    var differences = z.to(CPU).to_type(ScalarType.Float64).data<double>().ToArray();
                    logitDifferences.AddRange(differences);
                    scores.AddRange(differences.Select(d => decision?.Probability(d) ?? TemperatureScaling.Probability(d, 1)));
                    foreach (var i in batch)
                    {
                        labels.Add(samples[i].Label);
                    }

                    break;
                case TrainingTaskKind.MultiClassClassification:
                    predictions.AddRange(output.argmax(1).to(CPU).data<long>().ToArray().Select(p => (int)p));
                    foreach (var i in batch)
                    {
                        labels.Add(samples[i].Label);
                    }

                    break;
                case TrainingTaskKind.Segmentation:
                    AddDense(output.sigmoid(), targets, batch.Length, segmentation: true);
                    break;
                default:
                    AddDense(output, targets, batch.Length, segmentation: false);
                    break;
            }
        }

        public EvaluationResult Result(int count, double meanLoss, int? bootstrapSeed)
        {
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            RocCurve? roc = null;
            ConfidenceInterval? interval = null;
            switch (kind)
            {
                case TrainingTaskKind.BinaryClassification:
                    var threshold = decision?.Threshold ?? Threshold;
                    var confusion = BinaryConfusion.At(scores, labels, threshold);
                    metrics["threshold"] = threshold;
                    metrics["ece"] = CalibrationError.Expected(scores, labels);
                    metrics["accuracy"] = confusion.Accuracy;
                    metrics["sensitivity"] = confusion.Sensitivity;
                    metrics["specificity"] = confusion.Specificity;
                    metrics["f1"] = confusion.F1;
                    if (labels.Contains(0) && labels.Contains(1))
                    {
                        roc = RocAnalysis.Compute(scores, labels);
                        metrics["auc"] = roc.Auc;
                        if (bootstrapSeed is { } seed)
                        {
                            interval = RocAnalysis.BootstrapAuc(scores, labels, 1000, 0.95, seed);
                            metrics["auc_ci_low"] = interval.Lower;
                            metrics["auc_ci_high"] = interval.Upper;
                        }
                    }

                    break;
                case TrainingTaskKind.MultiClassClassification:
                    metrics["accuracy"] = ClassificationMetrics.Accuracy(predictions, labels);
                    metrics["macro_f1"] = ClassificationMetrics.MacroF1(predictions, labels, Math.Max(predictions.DefaultIfEmpty().Max(), labels.Max()) + 1);
                    break;
                default:
                    foreach (var (name, values) in dense)
                    {
                        metrics[name] = values.Count > 0 ? values.Average() : double.NaN;
                    }

                    break;
            }

            var defined = metrics.Where(m => !double.IsNaN(m.Value)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            return new EvaluationResult(count, meanLoss, defined)
            {
                Roc = roc,
                AucInterval = interval,
                LogitDifferences = kind == TrainingTaskKind.BinaryClassification ? logitDifferences : [],
                Probabilities = kind == TrainingTaskKind.BinaryClassification ? scores : [],
                Labels = kind == TrainingTaskKind.BinaryClassification ? labels : [],
            };
        }

        private void AddDense(Tensor output, Tensor targets, int batchSize, bool segmentation)
        {
            var height = (int)targets.shape[2];
            var width = (int)targets.shape[3];
            var size = height * width;
            var predicted = output[.., 0].contiguous().to(CPU).data<float>().ToArray();
            var truth = targets[.., 0].contiguous().to(CPU).data<float>().ToArray();
            for (var b = 0; b < batchSize; b++)
            {
                var p = predicted.AsSpan(b * size, size);
                var t = truth.AsSpan(b * size, size);
                if (segmentation)
                {
                    var pm = OverlapMetrics.Binarize(p, (float)Threshold);
                    var tm = OverlapMetrics.Binarize(t, 0.5f);
                    Record("dice", OverlapMetrics.Dice(pm, tm));
                    Record("iou", OverlapMetrics.IoU(pm, tm));
                }
                else
                {
                    float min = float.MaxValue, max = float.MinValue;
                    foreach (var v in t)
                    {
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                    }

                    var range = max > min ? max - min : 1;
                    Record("psnr", ImageQualityMetrics.Psnr(t, p, range));
                    Record("ssim", ImageQualityMetrics.Ssim(t, p, height, width, range, Math.Min(7, Math.Min(height, width))));
                }
            }
        }

        private void Record(string name, double value)
        {
            if (!dense.TryGetValue(name, out var list))
            {
                dense[name] = list = [];
            }

            if (!double.IsInfinity(value))
            {
                list.Add(value);
            }
        }
    }
}
