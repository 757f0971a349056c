using RadCnn.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.Classification.Models;

/// <summary>
/// The 2D multi-view CNN (after Setio et al.): the axial, coronal and sagittal planes through a
/// candidate (or those and the six diagonal planes: 9 views) each run through the same convolutional
/// stream (shared weights), and the streams' features are merged in the fully connected layers;
/// trained with a random acquisition per sample (<see cref="AcquisitionJitter"/>; the recipe's adversarial
/// examples come from the shared trainer, crafted in evaluation mode). Takes [batch, views, 32, 32].
/// </summary>
internal sealed class MultiView2dNet : Module<Tensor, Tensor>
{
    /// <summary>
    /// Grad-CAM layer: the stream's last convolution block. With one sample the engine sees the three
    /// views as three maps and keeps the first: the axial view, as the key image needs.
    /// </summary>
    public const string FeatureLayer = "stream";

    private const int StreamFeatures = 48;

    private readonly int views;

    private readonly Sequential stream;
    private readonly Sequential pool;
    private readonly Sequential merge;

    public MultiView2dNet(int views = 3, double dropoutRate = 0.3)
        : base(nameof(MultiView2dNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(views, 1);
        this.views = views;
        stream = Sequential(
            ("conv1", Conv2d(1, 16, 3, padding: 1)),
            ("layout1", new ChannelsLastLayer()),
            ("bn1", KeptBatchNorm.BatchNorm2d(16)),
            ("relu1", ReLU()),
            ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(16, 32, 3, padding: 1)),
            ("bn2", KeptBatchNorm.BatchNorm2d(32)),
            ("relu2", ReLU()),
            ("pool2", MaxPool2d(2)),
            ("conv3", Conv2d(32, StreamFeatures, 3, padding: 1)),
            ("bn3", KeptBatchNorm.BatchNorm2d(StreamFeatures)),
            ("relu3", ReLU()));
        pool = Sequential(("pool", AdaptiveAvgPool2d(1)), ("flatten", Flatten()));
        merge = Sequential(
            ("drop", Dropout(dropoutRate)),
            ("fc1", Linear(views * StreamFeatures, 64)),
            ("fc1_relu", ReLU()),
            ("fc2", Linear(64, 3)));
        RegisterComponents();
    }

    /// <summary>
    /// Whether inference runs the feature maps channels-last (after the first convolution,
    /// <see cref="ChannelsLastLayer"/>; a one-channel view cannot carry the layout, and the 2D layers after it keep
    /// it): the default, faster on the CPU; the same values up to float rounding. Training keeps the default layout
    /// (<see cref="ChannelsLastLayer"/> converts in evaluation mode only). Off only to compare the two layouts.
    /// </summary>
    internal bool UseChannelsLast
    {
        get => modules().OfType<ChannelsLastLayer>().All(layer => layer.Enabled);
        set => ChannelsLastLayer.SetAll(this, value);
    }

    public static IReadOnlyList<string> EarlyLayers { get; } = ["stream.conv1.", "stream.bn1."];

    /// <remarks>
    /// No dispose scope here: the engine's Grad-CAM keeps the feature layer's output after the forward
    /// pass, which a scope in the forward would free; the trainer and the engine run every forward
    /// inside their own scopes.
    /// </remarks>
    public override Tensor forward(Tensor input)
    {
        var x = training ? AcquisitionJitter.Apply(input) : input;
        return Run(x);
    }

    private Tensor Run(Tensor input)
    {
        var batch = input.shape[0];
        var planes = input.reshape(batch * views, 1, input.shape[2], input.shape[3]);
        var features = pool.call(stream.call(planes)).reshape(batch, views * StreamFeatures);
        return merge.call(features);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stream.Dispose();
            pool.Dispose();
            merge.Dispose();
        }

        base.Dispose(disposing);
    }
}
