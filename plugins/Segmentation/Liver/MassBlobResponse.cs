using System.Text.Json.Serialization;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>How <see cref="MassBlobDetector"/> reads the liver near its edge when it blurs the HU for its difference of Gaussians.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MassBlobResponse>))]
internal enum MassBlobResponse
{
    /// <summary>
    /// Every voxel outside the eroded liver set to the parenchyma's median before blurring (plugin 1.5.0-1.6.0): a mass at the
    /// liver's edge is partly replaced by the median, so its response shrinks with the share of it outside the trusted interior.
    /// </summary>
    MedianFill,

    /// <summary>
    /// A mask-aware normalised convolution: per Gaussian, the blur of HU × interior divided by the blur of the interior, so each
    /// blurred value is the weighted mean of the trusted voxels alone and a mass cut by the liver's edge keeps its contrast;
    /// the extrema are sought in the whole liver mask (a mass in the partial-volume rim has its centre outside the interior).
    /// </summary>
    NormalisedConvolution,

    /// <summary>
    /// The centre blur normalised over the eroded liver (what the trusted voxels near the centre hold), weighted by the square
    /// root of the trusted share w of the centre's kernel (a centre read from that share is that much noisier: its SD grows as
    /// 1/√w; the median fill, which dilutes it, counts w), and the surround blur of the median fill (the unseen surround taken
    /// as parenchyma, the prior a mass is measured against); the extrema sought in the whole liver mask.
    /// </summary>
    WeightedCentre,
}
