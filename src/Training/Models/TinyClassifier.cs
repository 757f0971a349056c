using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Training.Models;

/// <summary>
/// A small classification CNN: three conv blocks (3×3 convolution, batch normalisation, ReLU, 2×2 max
/// pooling on the first two), global average and max pooling side by side (any input size), dropout and a linear head.
/// The toolkit's demonstration network; task plugins bring their own architectures.
/// </summary>
internal sealed class TinyClassifier : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d averagePool;
    private readonly AdaptiveMaxPool2d maxPool;
    private readonly Dropout dropout;
    private readonly Linear head;

    public TinyClassifier(int inputChannels, int classes, int width = 8, double dropoutRate = 0.25)
        : base(nameof(TinyClassifier))
    {
        features = Sequential(
            ("conv1", Conv2d(inputChannels, width, 3, padding: 1)),
            ("bn1", KeptBatchNorm.BatchNorm2d(width)),
            ("relu1", ReLU()),
            ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(width, width * 2, 3, padding: 1)),
            ("bn2", KeptBatchNorm.BatchNorm2d(width * 2)),
            ("relu2", ReLU()),
            ("pool2", MaxPool2d(2)),
            ("conv3", Conv2d(width * 2, width * 4, 3, padding: 1)),
            ("bn3", KeptBatchNorm.BatchNorm2d(width * 4)),
            ("relu3", ReLU()));
        averagePool = AdaptiveAvgPool2d(1);
        maxPool = AdaptiveMaxPool2d([1, 1]);
        dropout = Dropout(dropoutRate);
        head = Linear(width * 8, classes);
        RegisterComponents();
    }

    /// <summary>Parameter-name prefixes of the first block, frozen when fine-tuning with fixed early layers.</summary>
    public static IReadOnlyList<string> EarlyLayers { get; } = ["features.conv1.", "features.bn1."];

    /// <summary>The last convolutional block, for Grad-CAM.</summary>
    public const string FeatureLayer = "features";

    public override Tensor forward(Tensor input)
    {
        // Through call, and without a dispose scope of its own: the engine's Grad-CAM hooks the feature
        // layer's call and reads its output after forward returns; the caller's scope (the trainer's, the
        // engine's) frees the intermediates.
        var x = features.call(input);
        // Average and max pooling side by side: the mean sees diffuse change, the max a small lesion.
        x = cat([averagePool.call(x).flatten(1), maxPool.call(x).flatten(1)], 1);
        return head.call(dropout.call(x));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            averagePool.Dispose();
            maxPool.Dispose();
            dropout.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}
