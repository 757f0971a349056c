using RadCnn.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.Classification.Models;

/// <summary>
/// The 3D CNN: the three scales of a candidate (20, 32 and 48 mm cubes at 16³) enter as channels, then
/// a 3³ stem, two 3D inception blocks (trained with a random acquisition per sample, <see cref="AcquisitionJitter"/>;
/// the recipe's adversarial examples come from the shared trainer) with pooling, global average pooling and two fully connected
/// layers to three classes (not a nodule, benign, malignant). Takes [batch, 3, 16, 16, 16], or the
/// trainer's flattened [batch, 48, 16, 16].
/// </summary>
internal sealed class Nodule3dNet : Module<Tensor, Tensor>
{
    /// <summary>Grad-CAM layer: the first inception block (8³ at a 16³ input).</summary>
    public const string FeatureLayer = "features.inception1";

    private readonly Sequential features;
    private readonly Sequential classifier;

    public Nodule3dNet(double dropoutRate = 0.3)
        : base(nameof(Nodule3dNet))
    {
        features = Sequential(
            ("stem_layout", new ChannelsLastLayer()),
            ("stem_conv", Conv3d(3, 12, 3, padding: 1)),
            ("stem_bn", KeptBatchNorm.BatchNorm3d(12)),
            ("stem_relu", ReLU()),
            ("pool1", MaxPool3d(2)),
            ("inception1", new InceptionBlock(12, out1: 8, reduce3: 8, out3: 8, reduce5: 4, out5: 4, outPool: 4, dimensions: 3)),
            ("pool2", MaxPool3d(2)),
            ("inception2", new InceptionBlock(24, out1: 16, reduce3: 12, out3: 16, reduce5: 6, out5: 8, outPool: 8, dimensions: 3)));
        classifier = Sequential(
            ("pool", AdaptiveAvgPool3d(1)),
            ("flatten", Flatten()),
            ("drop", Dropout(dropoutRate)),
            ("fc1", Linear(48, 32)),
            ("fc1_relu", ReLU()),
            ("fc2", Linear(32, 3)));
        RegisterComponents();
    }

    /// <summary>
    /// Whether inference runs the convolutions channels-last (<see cref="ChannelsLastLayer"/> before the stem and
    /// inside the inception blocks: libtorch's 3D convolutions return the default layout, so each converts its
    /// input): the default, faster on the CPU; the same values up to float rounding. Training keeps the default
    /// layout (the layer converts in evaluation mode only). Off only to compare the two layouts.
    /// </summary>
    internal bool UseChannelsLast
    {
        get => modules().OfType<ChannelsLastLayer>().All(layer => layer.Enabled);
        set => ChannelsLastLayer.SetAll(this, value);
    }

    public static IReadOnlyList<string> EarlyLayers { get; } = ["features.stem_conv.", "features.stem_bn."];

    /// <remarks>
    /// No dispose scope here: the engine's Grad-CAM keeps the feature layer's output after the forward
    /// pass, which a scope in the forward would free; the trainer and the engine run every forward
    /// inside their own scopes.
    /// </remarks>
    public override Tensor forward(Tensor input)
    {
        var x = input.dim() == 4 ? input.reshape(input.shape[0], 3, input.shape[1] / 3, input.shape[2], input.shape[3]) : input;
        if (training)
        {
            x = AcquisitionJitter.Apply(x);
        }

        return classifier.call(features.call(x));
    }

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
