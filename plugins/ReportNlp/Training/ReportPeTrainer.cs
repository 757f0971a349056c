using System.Globalization;
using RadCnn.Plugins.ReportNlp.Models;
using RadCnn.Training.Decisions;
using RadCnn.Training.Metrics;
using RadCnn.Training.Optimization;
using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.ReportNlp.Training;

/// <summary>
/// Trains the text CNN on encoded reports with Adam and cross-entropy, each batch doubled by its FGSM
/// examples in embedding space (adversarial training), keeps the epoch with the lowest validation
/// loss, then fits a softmax temperature and chooses the decision threshold on the validation split.
/// </summary>
internal static class ReportPeTrainer
{
    public static ReportPeOutcome Train(ReportEncoder encoder, IReadOnlyList<(string Text, int Label)> train, IReadOnlyList<(string Text, int Label)> validation, ReportPeOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(options);
        torch.manual_seed(options.Seed);
        var trainX = train.Select(r => encoder.Encode(r.Text)).ToList();
        var trainY = train.Select(r => (long)r.Label).ToArray();
        var validX = validation.Select(r => encoder.Encode(r.Text)).ToList();
        var validY = validation.Select(r => r.Label).ToArray();
        using var model = new TextCnn(encoder.Dimensions, options.FilterWidths, options.FiltersPerWidth);
        using var optimizer = new Adam(model.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var random = new Random(options.Seed);
        var bestLoss = double.MaxValue;
        byte[] best = [];
        var history = new List<string>();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            model.train();
            var order = Enumerable.Range(0, trainX.Count).OrderBy(_ => random.Next()).ToArray();
            double trainLoss = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var indices = order.Skip(start).Take(options.BatchSize).ToArray();
                var x = Batch(trainX, indices, encoder);
                var y = tensor(indices.Select(i => trainY[i]).ToArray());
                if (options.WordDropout > 0)
                {
                    // Whole words dropped to the corpus mean, so no single cue word carries a decision alone.
                    var keep = rand([indices.Length, 1, encoder.MaxTokens, 1]).ge(KeptScalars.Of(options.WordDropout)).to(ScalarType.Float32);
                    x = x * keep;
                }
                if (options.AdversarialEpsilon > 0)
                {
                    var xg = x.clone().requires_grad_(true);
                    var attackLoss = nn.functional.cross_entropy(model.call(xg), y);
                    var gradient = torch.autograd.grad([attackLoss], [xg])[0];
                    x = cat([x, x.Plus(gradient.sign().Times(options.AdversarialEpsilon)).detach()], 0);
                    y = cat([y, y], 0);
                }

                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(x), y);
                loss.backward();
                optimizer.step();
                trainLoss += loss.item<float>() * indices.Length;
            }

            model.eval();
            var logits = Logits(model, validX, encoder);
            var validLoss = NegativeLogLikelihood(logits, validY, 1);
            var line = string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}/{options.Epochs}: train loss {trainLoss / trainX.Count:F4}, validation loss {validLoss:F4}");
            history.Add(line);
            progress?.Invoke(line);
            if (validLoss < bestLoss)
            {
                bestLoss = validLoss;
                using var stream = new MemoryStream();
                using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    model.save(writer);
                }

                best = stream.ToArray();
            }
        }

        using (var stream = new MemoryStream(best, writable: false))
        using (var reader = new BinaryReader(stream))
        {
            model.load(reader);
        }

        model.eval();
        var finalLogits = Logits(model, validX, encoder);
        var temperature = FitTemperature(finalLogits, validY);
        var probabilities = finalLogits.Select(d => 1 / (1 + Math.Exp(-d / temperature))).ToArray();
        var threshold = ChooseThreshold(probabilities, validY);
        var confusion = BinaryConfusion.At(probabilities, validY, threshold);
        var validationMetrics = new Dictionary<string, double>
        {
            ["loss"] = NegativeLogLikelihood(finalLogits, validY, temperature),
            ["auc"] = RocAnalysis.Auc(probabilities, validY),
            ["f1"] = confusion.F1,
            ["accuracy"] = confusion.Accuracy,
            ["sensitivity"] = confusion.Sensitivity,
            ["specificity"] = confusion.Specificity,
            ["ece"] = CalibrationError.Expected(probabilities, validY),
        };
        return new ReportPeOutcome(best, temperature, threshold, validationMetrics, history);
    }

    /// <summary>The logit difference l₁ − l₀ of each input.</summary>
    private static double[] Logits(TextCnn model, IReadOnlyList<float[]> inputs, ReportEncoder encoder)
    {
        using var noGrad = no_grad();
        var result = new double[inputs.Count];
        for (var start = 0; start < inputs.Count; start += 128)
        {
            using var scope = NewDisposeScope();
            var indices = Enumerable.Range(start, Math.Min(128, inputs.Count - start)).ToArray();
            var logits = model.call(Batch(inputs, indices, encoder));
            var d = (logits[.., 1] - logits[.., 0]).data<float>().ToArray();
            for (var i = 0; i < d.Length; i++)
            {
                result[start + i] = d[i];
            }
        }

        return result;
    }

    private static Tensor Batch(IReadOnlyList<float[]> inputs, int[] indices, ReportEncoder encoder)
    {
        var size = encoder.MaxTokens * encoder.Dimensions;
        var data = new float[indices.Length * size];
        for (var i = 0; i < indices.Length; i++)
        {
            inputs[indices[i]].CopyTo(data, i * size);
        }

        return tensor(data, [indices.Length, 1, encoder.MaxTokens, encoder.Dimensions]);
    }

    private static double NegativeLogLikelihood(double[] logitDifferences, int[] labels, double temperature)
    {
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var signed = (labels[i] == 1 ? 1 : -1) * logitDifferences[i] / temperature;
            sum += Math.Log(1 + Math.Exp(-signed));
        }

        return sum / Math.Max(1, labels.Length);
    }

    /// <summary>
    /// The temperature (1 to 16, on a log grid) with the lowest validation negative log-likelihood. It
    /// only softens: a validation split the network separates perfectly would otherwise ask for an
    /// ever sharper softmax, overconfident on any report unlike the training ones.
    /// </summary>
    private static double FitTemperature(double[] logitDifferences, int[] labels) =>
        Enumerable.Range(0, 37).Select(i => Math.Pow(2, i / 9.0)).MinBy(t => NegativeLogLikelihood(logitDifferences, labels, t));

    /// <summary>The threshold with the best validation F1 (the midpoint between two neighbouring scores, so it is not tied to one report).</summary>
    internal static double ChooseThreshold(double[] probabilities, int[] labels)
    {
        var sorted = probabilities.Distinct().Order().ToArray();
        var best = (F1: -1.0, Threshold: 0.5);
        for (var i = 0; i < sorted.Length; i++)
        {
            var candidate = i == 0 ? sorted[0] : (sorted[i - 1] + sorted[i]) / 2;
            var f1 = BinaryConfusion.At(probabilities, labels, candidate).F1;
            if (f1 > best.F1 + 1e-12)
            {
                best = (f1, candidate);
            }
        }

        return Math.Clamp(best.Threshold, 0.01, 0.99);
    }
}
