namespace RadCnn.Training.Phantoms;

/// <summary>
/// One synthetic lesion: its kind ("nodule", "cavity", "opacity"), centre and radius in pixels, and
/// the attenuation it adds at its peak (its contrast against the surrounding tissue).
/// </summary>
public sealed record PhantomLesion(string Kind, double CenterX, double CenterY, double RadiusPixels, double Contrast);
