using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Training.Models;

/// <summary>
/// A GoogLeNet inception block, 2D or 3D: 1x1, 1x1→3x3, 1x1→3x3→3x3 (the 5x5 path) and 3x3 pool→1x1
/// branches side by side, each with batch normalisation and ReLU, concatenated along channels. Its
/// parameters are named <c>branch1.conv1.weight</c>, <c>branch3.bn2.bias</c>, … so weights saved by a
/// plugin's own copy of the same block load unchanged. In 3D the block infers with its convolutions channels-last
/// (<see cref="ChannelsLastLayer"/>: its input once, shared by the four branches, and again before each 3x3x3
/// convolution, since libtorch's 3D convolutions return the default layout); parameter-free, so the names and
/// weights are the same. A 2D block keeps whatever layout its input has.
/// </summary>
public sealed class InceptionBlock : Module<Tensor, Tensor>
{
    private readonly Sequential branch1;
    private readonly Sequential branch3;
    private readonly Sequential branch5;
    private readonly Sequential branchPool;
    private readonly ChannelsLastLayer? inputLayout;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is neither 2 nor 3.</exception>
    public InceptionBlock(int input, int out1, int reduce3, int out3, int reduce5, int out5, int outPool, int dimensions = 2)
        : base(nameof(InceptionBlock))
    {
        if (dimensions is not (2 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "An inception block is 2D or 3D.");
        }

        // A 3D convolution after another one gets its input converted again (the block's input is converted once in forward).
        (string, Module<Tensor, Tensor>)[] ConvBn(int index, int from, int to, int kernel) =>
        [
            .. dimensions == 3 && index > 1 ? [($"layout{index}", new ChannelsLastLayer())] : Array.Empty<(string, Module<Tensor, Tensor>)>(),
            ($"conv{index}", dimensions == 2 ? Conv2d(from, to, kernel, padding: kernel / 2) : Conv3d(from, to, kernel, padding: kernel / 2)),
            ($"bn{index}", dimensions == 2 ? KeptBatchNorm.BatchNorm2d(to) : KeptBatchNorm.BatchNorm3d(to)),
            ($"relu{index}", ReLU()),
        ];
        Module<Tensor, Tensor> pool = dimensions == 2 ? MaxPool2d(3, stride: 1, padding: 1) : MaxPool3d(3, stride: 1, padding: 1);
        branch1 = Sequential(ConvBn(1, input, out1, 1));
        branch3 = Sequential([.. ConvBn(1, input, reduce3, 1), .. ConvBn(2, reduce3, out3, 3)]);
        branch5 = Sequential([.. ConvBn(1, input, reduce5, 1), .. ConvBn(2, reduce5, out5, 3), .. ConvBn(3, out5, out5, 3)]);
        branchPool = Sequential([("pool", pool), .. ConvBn(1, input, outPool, 1)]);
        inputLayout = dimensions == 3 ? new ChannelsLastLayer() : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = inputLayout is null ? input : inputLayout.call(input);
        return cat([branch1.call(x), branch3.call(x), branch5.call(x), branchPool.call(x)], 1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            branch1.Dispose();
            branch3.Dispose();
            branch5.Dispose();
            branchPool.Dispose();
            inputLayout?.Dispose();
        }

        base.Dispose(disposing);
    }
}
