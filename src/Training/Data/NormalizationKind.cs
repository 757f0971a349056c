namespace RadCnn.Training.Data;

/// <summary>How raw pixel values (after the modality rescale) become network input.</summary>
public enum NormalizationKind
{
    /// <summary>Subtract the image's mean, divide by its standard deviation: insensitive to exposure and detector gain.</summary>
    PerImageZScore = 0,

    /// <summary>Map a fixed window (centre, width), for example Hounsfield units, to [0, 1] and clip.</summary>
    Window = 1,

    /// <summary>Map the image's own minimum and maximum to [0, 1].</summary>
    PerImageMinMax = 2,
}
