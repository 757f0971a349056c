using RadCnn.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.Detection.Models;

/// <summary>
/// A GoogLeNet-style network scaled to 96x96 radiographs: a strided stem, two inception blocks with
/// parallel branches, global average pooling, dropout and a linear head (GoogLeNet has no large FC layers).
/// </summary>
internal sealed class InceptionStyle : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    public InceptionStyle(int classes = 2, double dropoutRate = 0.4)
        : base(nameof(InceptionStyle))
    {
        features = Sequential(
            ("stem_conv", Conv2d(1, 16, 5, stride: 2, padding: 2)),
            ("stem_layout", new ChannelsLastLayer()),
            ("stem_bn", KeptBatchNorm.BatchNorm2d(16)),
            ("stem_relu", ReLU()),
            ("pool1", MaxPool2d(2)),
            ("inception1", new InceptionBlock(16, out1: 8, reduce3: 8, out3: 12, reduce5: 4, out5: 6, outPool: 6)),
            ("pool2", MaxPool2d(2)),
            ("inception2", new InceptionBlock(32, out1: 16, reduce3: 16, out3: 24, reduce5: 8, out5: 12, outPool: 12)));
        classifier = Sequential(
            ("pool", AdaptiveAvgPool2d(1)),
            ("flatten", Flatten()),
            ("drop", Dropout(dropoutRate)),
            ("fc", Linear(64, classes)));
        RegisterComponents();
    }

    /// <summary>
    /// Whether inference runs the feature maps channels-last (after the stem convolution,
    /// <see cref="ChannelsLastLayer"/>; the one-channel radiograph cannot carry the layout, and the 2D layers and
    /// inception blocks after it keep it): the default, faster on the CPU; the same values up to float rounding.
    /// Training keeps the default layout (<see cref="ChannelsLastLayer"/> converts in evaluation mode only). Off only
    /// to compare the two layouts.
    /// </summary>
    internal bool UseChannelsLast
    {
        get => modules().OfType<ChannelsLastLayer>().All(layer => layer.Enabled);
        set => ChannelsLastLayer.SetAll(this, value);
    }

    /// <summary>Parameter prefixes of the stem, kept fixed by fine-tuning with frozen early layers.</summary>
    public static IReadOnlyList<string> EarlyLayers { get; } = ["features.stem_conv.", "features.stem_bn."];

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
