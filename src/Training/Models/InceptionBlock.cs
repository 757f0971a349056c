using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Training.Models;

/// <summary>
/// A GoogLeNet inception block, 2D or 3D: 1x1, 1x1→3x3, 1x1→3x3→3x3 (the 5x5 path) and 3x3 pool→1x1
/// branches side by side, each with batch normalisation and ReLU, concatenated along channels. Its
/// parameters are named <c>branch1.conv1.weight</c>, <c>branch3.bn2.bias</c>, … so weights saved by a
/// plugin's own copy of the same block load unchanged.
/// </summary>
public sealed class InceptionBlock : Module<Tensor, Tensor>
{
    private readonly Sequential branch1;
    private readonly Sequential branch3;
    private readonly Sequential branch5;
    private readonly Sequential branchPool;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is neither 2 nor 3.</exception>
    public InceptionBlock(int input, int out1, int reduce3, int out3, int reduce5, int out5, int outPool, int dimensions = 2)
        : base(nameof(InceptionBlock))
    {
        if (dimensions is not (2 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "An inception block is 2D or 3D.");
        }

        (string, Module<Tensor, Tensor>)[] ConvBn(int index, int from, int to, int kernel) =>
        [
            ($"conv{index}", dimensions == 2 ? Conv2d(from, to, kernel, padding: kernel / 2) : Conv3d(from, to, kernel, padding: kernel / 2)),
            ($"bn{index}", dimensions == 2 ? KeptBatchNorm.BatchNorm2d(to) : KeptBatchNorm.BatchNorm3d(to)),
            ($"relu{index}", ReLU()),
        ];
        Module<Tensor, Tensor> pool = dimensions == 2 ? MaxPool2d(3, stride: 1, padding: 1) : MaxPool3d(3, stride: 1, padding: 1);
        branch1 = Sequential(ConvBn(1, input, out1, 1));
        branch3 = Sequential([.. ConvBn(1, input, reduce3, 1), .. ConvBn(2, reduce3, out3, 3)]);
        branch5 = Sequential([.. ConvBn(1, input, reduce5, 1), .. ConvBn(2, reduce5, out5, 3), .. ConvBn(3, out5, out5, 3)]);
        branchPool = Sequential([("pool", pool), .. ConvBn(1, input, outPool, 1)]);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return cat([branch1.call(input), branch3.call(input), branch5.call(input), branchPool.call(input)], 1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            branch1.Dispose();
            branch3.Dispose();
            branch5.Dispose();
            branchPool.Dispose();
        }

        base.Dispose(disposing);
    }
}
