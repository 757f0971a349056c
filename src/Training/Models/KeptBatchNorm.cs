using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Models;

/// <summary>
/// TorchSharp's batch normalisation (same parameters, buffers, state-dictionary names and arithmetic) whose
/// training-mode step counts the batch with kept Scalars: TorchSharp's counts with
/// <c>num_batches_tracked.add_(1)</c>, two implicitly converted Scalars a collection on another thread can free
/// while libtorch reads them (<see cref="KeptScalars"/>). Evaluation mode, where the engine runs, is the same in both.
/// </summary>
public sealed class KeptBatchNorm : TorchSharp.Modules.BatchNorm
{
    private readonly int _dimensions;

    private KeptBatchNorm(int spatialDimensions, long features, double eps, double momentum)
        : base(features, eps, momentum, affine: true, track_running_stats: true, device: null, dtype: null, $"BatchNorm{spatialDimensions}d")
    {
        _dimensions = spatialDimensions + 2;
    }

    /// <summary>In place of <c>nn.BatchNorm2d</c>: input [batch, channels, H, W].</summary>
    public static KeptBatchNorm BatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1) => new(2, features, eps, momentum);

    /// <summary>In place of <c>nn.BatchNorm3d</c>: input [batch, channels, D, H, W].</summary>
    public static KeptBatchNorm BatchNorm3d(long features, double eps = 1e-5, double momentum = 0.1) => new(3, features, eps, momentum);

    // TorchSharp's BatchNorm.forward, line for line, with the batch count's Scalars kept.
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        var exponentialAverageFactor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is not null)
        {
            num_batches_tracked.add_(KeptScalars.One, KeptScalars.One);
            exponentialAverageFactor = momentum ?? (1.0 / (double)num_batches_tracked);
        }

        var batchStatistics = training || (running_mean is null && running_var is null);
        var useRunning = !training || track_running_stats;
        return nn.functional.batch_norm(input, useRunning ? running_mean : null, useRunning ? running_var : null, weight, bias, batchStatistics, exponentialAverageFactor, eps);
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ndim != _dimensions)
        {
            throw new ArgumentException($"expected {_dimensions}D input, but got {input.ndim}D input.", nameof(input));
        }
    }
}
