using RadCnn.Abstractions.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RadCnn.Training.Optimization;

/// <summary>
/// TorchSharp's SGD (momentum, dampening, Nesterov, L2 weight decay, maximize) with the same update, tensor for
/// tensor, but every Scalar it hands libtorch kept alive across the call (see <see cref="Adam"/> and
/// <see cref="KeptScalars"/> for why, and why the name stays TorchSharp's).
/// </summary>
#pragma warning disable CA1707, IDE1006 // the type name is the one a saved optimizer state records
public sealed class SGD : TorchSharp.Modules.SGD
#pragma warning restore CA1707, IDE1006
{
    public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0.0, double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false)
        : base(parameters, lr, momentum, dampening, weight_decay, nesterov, maximize)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Step, closure);

    private void Step(ParamGroup group)
    {
        var options = group.Options;
        var momentum = options.momentum!.Value;
        var dampening = options.dampening!.Value;
        var weightDecay = options.weight_decay!.Value;
        var nesterov = options.nesterov!.Value;
        var maximize = options.maximize!.Value;
        var lr = options.LearningRate!.Value;

        using var momentumScalar = momentum.ToScalar();
        using var oneMinusDampening = (1 - dampening).ToScalar();
        using var weightDecayScalar = weightDecay.ToScalar();
        using var alpha = (maximize ? lr : -lr).ToScalar();
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null)
            {
                continue;
            }

            if (weightDecay != 0)
            {
                grad = grad.add(param, weightDecayScalar);
            }

            if (momentum != 0)
            {
                var buf = state.momentum_buffer;
                if (buf is null)
                {
                    buf = grad.clone().detach().DetachFromDisposeScope();
                    state.momentum_buffer = buf;
                }
                else
                {
                    buf.mul_(momentumScalar).add_(grad, oneMinusDampening);
                }

                grad = nesterov ? grad.add(buf, momentumScalar) : buf;
                state.momentum_buffer = buf;
            }

            param.add_(grad, alpha);
        }
    }
}
