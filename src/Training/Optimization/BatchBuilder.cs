using RadCnn.Training.Data;
using static TorchSharp.torch;

namespace RadCnn.Training.Optimization;

/// <summary>Turns managed samples into one batch of tensors on the training device.</summary>
internal static class BatchBuilder
{
    public static Tensor Images(IReadOnlyList<TrainingSample> samples, ReadOnlySpan<int> indices, Device device)
    {
        var first = samples[indices[0]];
        var size = first.Channels * first.Height * first.Width;
        var data = new float[indices.Length * size];
        for (var i = 0; i < indices.Length; i++)
        {
            var sample = samples[indices[i]];
            if (sample.Pixels.Length != size)
            {
                throw new DatasetException($"sample {sample.Id} holds {sample.Pixels.Length} values, expected {size} ({first.Channels}x{first.Height}x{first.Width})");
            }

            sample.Pixels.CopyTo(data, i * size);
        }

        return tensor(data, [indices.Length, first.Channels, first.Height, first.Width], device: device);
    }

    /// <summary>The target in the layout the loss wants: class indices, one 0/1 value per sample, or a dense [batch, 1, H, W] map.</summary>
    public static Tensor Targets(IReadOnlyList<TrainingSample> samples, ReadOnlySpan<int> indices, TrainingTaskKind kind, LossKind loss, Device device)
    {
        if (kind is TrainingTaskKind.Segmentation or TrainingTaskKind.ImageRestoration)
        {
            var first = samples[indices[0]];
            var size = first.Height * first.Width;
            var data = new float[indices.Length * size];
            for (var i = 0; i < indices.Length; i++)
            {
                var sample = samples[indices[i]];
                var target = sample.Target ?? throw new DatasetException($"sample {sample.Id} has no target image or mask");
                if (target.Length != size)
                {
                    throw new DatasetException($"sample {sample.Id}: target holds {target.Length} values, expected {size}");
                }

                target.CopyTo(data, i * size);
            }

            return tensor(data, [indices.Length, 1, first.Height, first.Width], device: device);
        }

        if (loss == LossKind.BinaryCrossEntropy)
        {
            var values = new float[indices.Length];
            for (var i = 0; i < indices.Length; i++)
            {
                values[i] = samples[indices[i]].Label;
            }

            return tensor(values, [indices.Length, 1], device: device);
        }

        var labels = new long[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            labels[i] = samples[indices[i]].Label;
        }

        return tensor(labels, [indices.Length], device: device);
    }
}
