using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fixture.TorchTiny;

/// <summary>A module type defined inside the plugin: one linear layer, 4 inputs to 2 logits, fixed weights.</summary>
public sealed class TinyNet : Module<Tensor, Tensor>
{
    private readonly Linear fc;

    public TinyNet()
        : base(nameof(TinyNet))
    {
        fc = Linear(4, 2);
        RegisterComponents();
        using var noGrad = no_grad();
        fc.weight!.copy_(tensor(new float[] { 1, 0, 0, 0, 0, 1, 0, 0 }, [2, 4]));
        fc.bias!.zero_();
    }

    public override Tensor forward(Tensor input) => fc.forward(input);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fc.Dispose();
        }

        base.Dispose(disposing);
    }
}
