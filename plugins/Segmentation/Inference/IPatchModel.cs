namespace RadCnn.Plugins.Segmentation.Inference;

/// <summary>A network that turns one normalised patch (the stage's patch size, z-y-x) into one logit per voxel.</summary>
internal interface IPatchModel
{
    Task<float[]> PredictAsync(float[] patch, CancellationToken cancellationToken);
}
