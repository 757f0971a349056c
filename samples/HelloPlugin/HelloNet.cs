using RadCnn.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Samples.HelloPlugin;

/// <summary>
/// The sample's network, deliberately tiny (6 130 parameters, a 25 KB weight file): three 3×3
/// convolution blocks (8, 16, 32 channels; batch normalisation, ReLU, 2×2 max pooling on the first two),
/// global average and max pooling side by side, and a linear layer to two logits (normal, finding).
/// </summary>
internal sealed class HelloNet : Module<Tensor, Tensor>
{
    /// <summary>The last convolution block, whose activations Grad-CAM weighs for the heat map.</summary>
    public const string FeatureLayer = "features";

    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d averagePool;
    private readonly AdaptiveMaxPool2d maxPool;
    private readonly Linear head;

    public HelloNet()
        : base(nameof(HelloNet))
    {
        features = Sequential(
            ("conv1", Conv2d(1, 8, 3, padding: 1)),
            ("bn1", KeptBatchNorm.BatchNorm2d(8)),
            ("relu1", ReLU()),
            ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(8, 16, 3, padding: 1)),
            ("bn2", KeptBatchNorm.BatchNorm2d(16)),
            ("relu2", ReLU()),
            ("pool2", MaxPool2d(2)),
            ("conv3", Conv2d(16, 32, 3, padding: 1)),
            ("bn3", KeptBatchNorm.BatchNorm2d(32)),
            ("relu3", ReLU()));
        averagePool = AdaptiveAvgPool2d(1);
        maxPool = AdaptiveMaxPool2d([1, 1]);
        head = Linear(64, 2);
        RegisterComponents();
    }

    /// <summary>Parameter-name prefixes of the first block (kept fixed by `radcnn train --from ... --freeze-early`).</summary>
    public static IReadOnlyList<string> EarlyLayers { get; } = ["features.conv1.", "features.bn1."];

    public override Tensor forward(Tensor input)
    {
        // Through call, and without a dispose scope of its own: the engine's Grad-CAM hooks the feature
        // layer's call and reads its output after forward returns; the caller's scope (the trainer's,
        // the engine's) frees the intermediates.
        var x = features.call(input);
        // The mean sees diffuse change, the maximum a small lesion.
        return head.call(cat([averagePool.call(x).flatten(1), maxPool.call(x).flatten(1)], 1));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            averagePool.Dispose();
            maxPool.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}
