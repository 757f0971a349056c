using RadCnn.Abstractions.Engine;

namespace RadCnn.Plugins.Detection;

/// <summary>What the ensemble said about one radiograph; the heat map covers the image (padding cropped), 0-1.</summary>
internal sealed record RadiographReading(double Probability, bool Positive, RobustnessReport? Robustness, float[] HeatMap, int HeatRows, int HeatColumns);
