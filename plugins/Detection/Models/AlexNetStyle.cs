using RadCnn.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.Detection.Models;

/// <summary>
/// An AlexNet-style plain stack scaled to 96x96 radiographs: a large strided first kernel, five
/// convolutions with batch normalisation, max pooling, and a dropout-regularised fully connected head.
/// </summary>
internal sealed class AlexNetStyle : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    public AlexNetStyle(int classes = 2, double dropoutRate = 0.4)
        : base(nameof(AlexNetStyle))
    {
        features = Sequential(
            ("conv1", Conv2d(1, 16, 7, stride: 2, padding: 3)),
            ("layout1", new ChannelsLastLayer()),
            ("bn1", KeptBatchNorm.BatchNorm2d(16)),
            ("relu1", ReLU()),
            ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(16, 32, 5, padding: 2)),
            ("bn2", KeptBatchNorm.BatchNorm2d(32)),
            ("relu2", ReLU()),
            ("pool2", MaxPool2d(2)),
            ("conv3", Conv2d(32, 48, 3, padding: 1)),
            ("bn3", KeptBatchNorm.BatchNorm2d(48)),
            ("relu3", ReLU()),
            ("conv4", Conv2d(48, 48, 3, padding: 1)),
            ("bn4", KeptBatchNorm.BatchNorm2d(48)),
            ("relu4", ReLU()),
            ("conv5", Conv2d(48, 32, 3, padding: 1)),
            ("bn5", KeptBatchNorm.BatchNorm2d(32)),
            ("relu5", ReLU()));
        classifier = Sequential(
            ("pool", AdaptiveMaxPool2d([4, 4])),
            ("flatten", Flatten()),
            ("drop1", Dropout(dropoutRate)),
            ("fc1", Linear(32 * 4 * 4, 64)),
            ("relu", ReLU()),
            ("drop2", Dropout(dropoutRate)),
            ("fc2", Linear(64, classes)));
        RegisterComponents();
    }

    /// <summary>
    /// Whether inference runs the feature maps channels-last (after the first convolution,
    /// <see cref="ChannelsLastLayer"/>; the one-channel radiograph cannot carry the layout, and the 2D layers after it
    /// keep it): the default, faster on the CPU; the same values up to float rounding. Training keeps the default
    /// layout (<see cref="ChannelsLastLayer"/> converts in evaluation mode only). Off only to compare the two layouts.
    /// </summary>
    internal bool UseChannelsLast
    {
        get => modules().OfType<ChannelsLastLayer>().All(layer => layer.Enabled);
        set => ChannelsLastLayer.SetAll(this, value);
    }

    /// <summary>Parameter prefixes of the first convolution, kept fixed by fine-tuning with frozen early layers.</summary>
    public static IReadOnlyList<string> EarlyLayers { get; } = ["features.conv1.", "features.bn1."];

    public override Tensor forward(Tensor input) => classifier.call(features.call(input));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            classifier.Dispose();
        }

        base.Dispose(disposing);
    }
}
