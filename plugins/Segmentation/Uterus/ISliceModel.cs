namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>The uterus network on one slice's input planes ([planes, S, S]): uterus then tumour probabilities, [2, S, S].</summary>
internal interface ISliceModel
{
    Task<float[]> PredictAsync(float[] planes, CancellationToken cancellationToken);
}
