namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>Which of the two abdominal CT generators draws a phantom.</summary>
public enum AbdomenCtStyle
{
    /// <summary>Portal-venous phase, lobed-ellipsoid organs, smooth correlated Gaussian noise: the training generator.</summary>
    PortalVenous = 0,

    /// <summary>
    /// A deliberately different generator for out-of-distribution checks: arterial phase (darker liver,
    /// brighter spleen and aorta), livers built from metaballs, spiky masses of lower contrast, heavier-tailed
    /// noise with streaks, a rounder body, oral contrast in the stomach.
    /// </summary>
    Alternate = 1,
}
