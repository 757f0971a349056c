using RadCnn.Plugins.Segmentation.Inference;

namespace RadCnn.Plugins.Segmentation.Tests.Liver;

/// <summary>A stand-in network: a logit of <paramref name="logit"/> where the normalised input is above (or, with <paramref name="above"/> false, below) the level, −10 elsewhere.</summary>
internal sealed class LevelPatchModel(float level, bool above = true, float logit = 10f) : IPatchModel
{
    public Task<float[]> PredictAsync(float[] patch, CancellationToken cancellationToken) =>
        Task.FromResult(Array.ConvertAll(patch, v => (above ? v > level : v < level) ? logit : -10f));
}
