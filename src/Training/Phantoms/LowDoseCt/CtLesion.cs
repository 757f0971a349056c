namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>A low-contrast disc lesion in a CT phantom slice: centre in pixels, radius in pixels, contrast over its background in HU.</summary>
public sealed record CtLesion(double Row, double Column, double RadiusPixels, double ContrastHu, double BackgroundHu);
