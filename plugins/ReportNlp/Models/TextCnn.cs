using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.ReportNlp.Models;

/// <summary>
/// The report classifier: a report is a [1, tokens, dimensions] matrix of word vectors; parallel
/// filter widths over words (<see cref="ParallelConvolutions"/>), max-pooling over the whole report,
/// dropout and a linear layer giving two logits (no acute PE, acute PE).
/// </summary>
internal sealed class TextCnn : Module<Tensor, Tensor>
{
    /// <summary>The feature layer's name in <c>named_modules()</c>.</summary>
    public const string FeatureLayer = "features";

    private readonly ParallelConvolutions features;
    private readonly Dropout dropout;
    private readonly Linear classifier;

    public TextCnn(int dimensions, IReadOnlyList<int> widths, int filters, double dropoutRate = 0.3)
        : base(nameof(TextCnn))
    {
        features = new ParallelConvolutions(dimensions, widths, filters);
        dropout = Dropout(dropoutRate);
        classifier = Linear(widths.Count * filters, 2);
        RegisterComponents();
    }

    // No dispose scope of its own: the feature map must outlive forward() for Grad-CAM's hook; the
    // caller's scope (engine, trainer, evaluation) frees the intermediates.
    public override Tensor forward(Tensor input) => Head(features.call(input));

    /// <summary>The feature map [batch, banks × filters, tokens, 1] (the layer Grad-CAM reads).</summary>
    public Tensor Features(Tensor input) => features.call(input);

    /// <summary>The two logits from a feature map of <see cref="Features"/>.</summary>
    public Tensor Head(Tensor featureMap) => classifier.call(dropout.call(featureMap.amax([2, 3])));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            dropout.Dispose();
            classifier.Dispose();
        }

        base.Dispose(disposing);
    }
}
