using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.Classification.Models;

/// <summary>
/// A 3D inception block: parallel 1³, 3³ and double-3³ (a 5³ field) convolutions and a pooled 1³
/// branch, each with batch norm and ReLU, concatenated along channels.
/// </summary>
internal sealed class InceptionBlock3d : Module<Tensor, Tensor>
{
    private readonly Sequential branch1;
    private readonly Sequential branch3;
    private readonly Sequential branch5;
    private readonly Sequential branchPool;

    public InceptionBlock3d(int input, int out1, int reduce3, int out3, int reduce5, int out5, int outPool)
        : base(nameof(InceptionBlock3d))
    {
        branch1 = Sequential(ConvBn(1, input, out1, 1));
        branch3 = Sequential([.. ConvBn(1, input, reduce3, 1), .. ConvBn(2, reduce3, out3, 3)]);
        branch5 = Sequential([.. ConvBn(1, input, reduce5, 1), .. ConvBn(2, reduce5, out5, 3), .. ConvBn(3, out5, out5, 3)]);
        branchPool = Sequential([("pool", MaxPool3d(3, stride: 1, padding: 1)), .. ConvBn(1, input, outPool, 1)]);
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
        ($"conv{index}", Conv3d(input, output, kernel, padding: kernel / 2)),
        ($"bn{index}", BatchNorm3d(output)),
        ($"relu{index}", ReLU()),
    ];
}
