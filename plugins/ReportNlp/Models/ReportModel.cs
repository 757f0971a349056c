using RadCnn.Plugins.ReportNlp.Embeddings;
using RadCnn.Training.Decisions;
using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.ReportNlp.Models;

/// <summary>
/// The shipped model in one place: embeddings, the text CNN's weights and model.json. It builds the
/// module the engine registers, and scores batches directly for evaluation and training tools.
/// </summary>
internal sealed class ReportModel : IDisposable
{
    public const string EmbeddingsFile = "embeddings.bin";
    public const string WeightsFile = "model.bin";

    private readonly byte[] weights;
    /// <summary>The feature layer for Grad-CAM inside the decision module, as named by <c>named_modules()</c>.</summary>
    public const string FeatureLayer = DecisionModule.NetPrefix + TextCnn.FeatureLayer;

    private DecisionModule? direct;

    public ReportModel(SubwordEmbeddings embeddings, byte[] weights, ReportModelCard card)
    {
        Card = card;
        this.weights = weights;
        Encoder = new ReportEncoder(embeddings, card.MaxTokens);
        if (embeddings.Dimensions != card.Dimensions)
        {
            throw new InvalidDataException($"model.json says {card.Dimensions} dimensions, the embeddings have {embeddings.Dimensions}");
        }
    }

    public ReportModelCard Card { get; }

    public ReportEncoder Encoder { get; }

    public double Threshold => Card.Threshold;

    public static ReportModel Load(string embeddingsPath, string weightsPath, string cardPath) =>
        new(SubwordEmbeddings.Load(embeddingsPath), File.ReadAllBytes(weightsPath), ReportModelCard.Load(cardPath));

    public static ReportModel LoadFolder(string directory) => Load(
        Path.Combine(directory, EmbeddingsFile), Path.Combine(directory, WeightsFile), Path.Combine(directory, ReportModelCard.FileName));

    /// <summary>A new module with the weights loaded, in eval mode, on the CPU (what the engine registers).</summary>
    /// <remarks>
    /// The toolkit's <see cref="DecisionModule"/>: logits [−z/2, z/2] with z = (l₁ − l₀)/T − logit(threshold),
    /// so the engine's argmax decision, FGSM probe and Grad-CAM all concern the validated decision.
    /// </remarks>
    public DecisionModule CreateModule()
    {
        var net = CreateNet();
        var model = new DecisionModule(net, new DecisionPolicy { Temperature = Card.Temperature, Threshold = Card.Threshold });
        model.eval();
        return model;
    }

    /// <summary>The text CNN alone with the weights loaded, in eval mode, on the CPU.</summary>
    public TextCnn CreateNet()
    {
        var net = new TextCnn(Card.Dimensions, Card.FilterWidths, Card.FiltersPerWidth);
        using (var stream = new MemoryStream(weights, writable: false))
        using (var reader = new BinaryReader(stream))
        {
            net.load(reader);
        }

        net.eval();
        return net;
    }

    /// <summary>Calibrated probabilities of acute PE for many reports, in batches, without the engine.</summary>
    public double[] Probabilities(IReadOnlyList<string> texts, int batchSize = 64) =>
        Probabilities(texts.Select(t => Encoder.Encode(t)).ToList(), batchSize);

    public double[] Probabilities(IReadOnlyList<float[]> inputs, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        direct ??= CreateModule();
        var result = new double[inputs.Count];
        using var noGrad = no_grad();
        for (var start = 0; start < inputs.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, inputs.Count - start);
            var x = Batch(inputs, start, count);
            var output = direct.call(x);
            var z = (output[.., 1] - output[.., 0]).data<float>().ToArray();
            for (var i = 0; i < count; i++)
            {
                result[start + i] = DecisionModule.Probability(z[i], Threshold);
            }
        }

        return result;
    }

    /// <summary>
    /// Whether each report's decision flips under an FGSM step of <paramref name="epsilon"/> in the
    /// standardised embedding space (the sign of the gradient of the loss for the model's own decision),
    /// the same probe the engine runs on every result.
    /// </summary>
    public bool[] FgsmFlips(IReadOnlyList<float[]> inputs, double epsilon, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        direct ??= CreateModule();
        var flips = new bool[inputs.Count];
        using var epsilonScalar = epsilon.ToScalar();
        for (var start = 0; start < inputs.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, inputs.Count - start);
            var x = Batch(inputs, start, count).requires_grad_(true);
            Tensor clean;
            Tensor gradient;
            using (enable_grad())
            {
                var logits = direct.call(x);
                clean = logits.argmax(1).detach();

                // The logit margin against the own decision: the same direction as cross-entropy's
                // gradient for two classes, but never zero on a saturated output (gradient masking).
                var z = logits[.., 1] - logits[.., 0];
                var loss = (z * clean.to(ScalarType.Float32).Times(2).neg().Plus(1)).sum();
                gradient = torch.autograd.grad([loss], [x])[0];
            }

            using var noGrad = no_grad();
            var perturbed = direct.call(x.detach().Plus(gradient.sign().mul(epsilonScalar))).argmax(1);
            var changed = perturbed.ne(clean).data<bool>().ToArray();
            Array.Copy(changed, 0, flips, start, count);
        }

        return flips;
    }

    public void Dispose()
    {
        direct?.Dispose();
        direct = null;
    }

    private Tensor Batch(IReadOnlyList<float[]> inputs, int start, int count)
    {
        var size = Encoder.MaxTokens * Encoder.Dimensions;
        var data = new float[count * size];
        for (var i = 0; i < count; i++)
        {
            inputs[start + i].CopyTo(data, i * size);
        }

        return tensor(data, [count, 1, Encoder.MaxTokens, Encoder.Dimensions]);
    }
}
