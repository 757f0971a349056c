using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Models;

/// <summary>
/// Networks on the straight line between two weight sets of one architecture (weight averaging, a "model
/// soup" of two): every floating-point entry of the state dictionary becomes (1 − a)·start + a·end. A
/// fine-tune from the same start usually stays linearly connected to it, so a point between can keep some of
/// what each end has (robustness of one, generalisation of the other). Batch-norm running statistics are in
/// the state dictionary but are not weights: the mean of two networks' statistics need not describe the
/// features of the network between them, so after <see cref="Interpolate"/> they can be measured again on
/// data with <see cref="ReestimateBatchNorm"/>.
/// </summary>
internal static class WeightInterpolation
{
    /// <summary>
    /// Writes (1 − <paramref name="a"/>)·start + a·end into every entry of <paramref name="target"/>'s state
    /// dictionary. At a = 0 and a = 1 the end is copied (bit for bit, including −0.0). Integer entries (the
    /// batch count of batch norm) are taken from the nearer end. The three networks must share every entry's
    /// name and shape.
    /// </summary>
    public static void Interpolate(nn.Module target, nn.Module start, nn.Module end, double a)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        if (!double.IsFinite(a))
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "the interpolation weight must be a finite number");
        }

        var from = start.state_dict();
        var to = end.state_dict();
        using var keep = (1.0 - a).ToScalar();
        using var take = a.ToScalar();
        using var noGrad = no_grad();
        foreach (var (name, destination) in target.state_dict())
        {
            if (!from.TryGetValue(name, out var x) || !to.TryGetValue(name, out var y))
            {
                throw new ArgumentException($"{name} is not in both networks' weights", nameof(target));
            }

            if (!x.shape.SequenceEqual(destination.shape) || !y.shape.SequenceEqual(destination.shape))
            {
                throw new ArgumentException($"{name}: shapes [{string.Join(',', x.shape)}] and [{string.Join(',', y.shape)}] do not match [{string.Join(',', destination.shape)}]", nameof(target));
            }

            using var scope = NewDisposeScope();
            if (a == 0.0 || (!destination.is_floating_point() && a < 0.5))
            {
                destination.copy_(x);
            }
            else if (a == 1.0 || !destination.is_floating_point())
            {
                destination.copy_(y);
            }
            else
            {
                destination.copy_(x.mul(keep).add_(y.mul(take), KeptScalars.One));
            }
        }
    }

    /// <summary>
    /// Measures every batch-norm layer's running mean and variance again: the statistics reset, then the
    /// network run in training mode without gradients over <paramref name="batches"/>, each layer averaging
    /// its batch statistics with equal weight (momentum off, as torch.optim.swa_utils.update_bn does), and
    /// the network left in evaluation mode with its momenta as they were. Only the statistics change: the
    /// weights are not trained. Returns the number of batches run.
    /// </summary>
    public static int ReestimateBatchNorm(nn.Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        var norms = model.modules().OfType<TorchSharp.Modules.BatchNorm>().ToList();
        var momenta = norms.Select(n => n.momentum).ToList();
        var count = 0;
        try
        {
            foreach (var norm in norms)
            {
                norm.reset_running_stats();
                norm.momentum = null;
            }

            model.train();
            using var noGrad = no_grad();
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                model.call(batch);
                count++;
            }
        }
        finally
        {
            for (var i = 0; i < norms.Count; i++)
            {
                norms[i].momentum = momenta[i];
            }

            model.eval();
        }

        return count;
    }
}
