namespace RadCnn.Training.Plots;

/// <summary>One line of a chart: a name for the legend, its points, and its colour (0xRRGGBB).</summary>
internal sealed record PlotSeries(string Name, IReadOnlyList<(double X, double Y)> Points, uint Color, bool Dashed = false);
