namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>The cascade's tumour network on one slice of the uterus box ([planes, size, size]): the tumour probability, [size, size].</summary>
internal interface ITumourCropModel
{
    /// <summary>Edge of the network's input in pixels (the box is resampled to it).</summary>
    int Size { get; }

    Task<float[]> PredictAsync(float[] planes, CancellationToken cancellationToken);
}
