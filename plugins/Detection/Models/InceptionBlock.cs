using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.Detection.Models;

/// <summary>
/// A GoogLeNet inception block: 1x1, 1x1→3x3, 1x1→3x3→3x3 (the 5x5 path) and 3x3 pool→1x1 branches
/// side by side, each with batch normalisation, concatenated along channels.
/// </summary>
internal sealed class InceptionBlock : Module<Tensor, Tensor>
{
    private readonly Sequential branch1;
    private readonly Sequential branch3;
    private readonly Sequential branch5;
    private readonly Sequential branchPool;

    public InceptionBlock(int input, int out1, int reduce3, int out3, int reduce5, int out5, int outPool)
        : base(nameof(InceptionBlock))
    {
        branch1 = Sequential(ConvBn(1, input, out1, 1));
        branch3 = Sequential([.. ConvBn(1, input, reduce3, 1), .. ConvBn(2, reduce3, out3, 3)]);
        branch5 = Sequential([.. ConvBn(1, input, reduce5, 1), .. ConvBn(2, reduce5, out5, 3), .. ConvBn(3, out5, out5, 3)]);
        branchPool = Sequential([("pool", MaxPool2d(3, stride: 1, padding: 1)), .. ConvBn(1, input, outPool, 1)]);
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

    private static (string, Module<Tensor, Tensor>)[] ConvBn(int index, int input, int output, int kernel) =>
    [
        ($"conv{index}", Conv2d(input, output, kernel, padding: kernel / 2)),
        ($"bn{index}", BatchNorm2d(output)),
        ($"relu{index}", ReLU()),
    ];
}
