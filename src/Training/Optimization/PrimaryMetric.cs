using RadCnn.Abstractions.Tensors;
using static TorchSharp.torch;

namespace RadCnn.Training.Optimization;

/// <summary>
/// The one metric drawn beside the loss for training and validation (accuracy, Dice or PSNR), so the
/// overfitting check of the review's Fig. 9 has a metric curve as well as a loss curve.
/// </summary>
internal static class PrimaryMetric
{
    public static string Name(TrainingTaskKind kind) => kind switch
    {
        TrainingTaskKind.Segmentation => "dice",
        TrainingTaskKind.ImageRestoration => "psnr",
        _ => "accuracy",
    };

    /// <summary>The metric on one training batch (computed without gradients).</summary>
    public static double OfBatch(TrainingTaskKind kind, LossKind loss, Tensor output, Tensor target)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        switch (kind)
        {
            case TrainingTaskKind.Segmentation:
                var predicted = output.detach().sigmoid().ge(KeptScalars.Of(0.5)).to_type(ScalarType.Float32).flatten(1);
                var truth = target.ge(KeptScalars.Of(0.5)).to_type(ScalarType.Float32).flatten(1);
                var intersection = (predicted * truth).sum(1);
                var sizes = predicted.sum(1).Plus(truth.sum(1));
                return intersection.Times(2).Plus(1e-6).div(sizes.Plus(1e-6)).mean().item<float>();
            case TrainingTaskKind.ImageRestoration:
                var mse = (output.detach() - target).pow(KeptScalars.Of(2L)).mean().item<float>();
                var range = (target.max() - target.min()).item<float>();
                return mse == 0 ? 100 : 10 * Math.Log10(Math.Max(range, 1e-6) * Math.Max(range, 1e-6) / mse);
            default:
                var labels = loss == LossKind.BinaryCrossEntropy ? target.reshape(-1).ge(KeptScalars.Of(0.5)) : null;
                var correct = loss == LossKind.BinaryCrossEntropy
                    ? output.detach().reshape(-1).ge(KeptScalars.Of(0L)).eq(labels!)
                    : output.detach().argmax(1).eq(target);
                return correct.to_type(ScalarType.Float32).mean().item<float>();
        }
    }
}
