using System.Globalization;
using SkiaSharp;

namespace RadCnn.Training.Plots;

/// <summary>
/// A plain line chart rendered to PNG with SkiaSharp: axes with tick labels, a legend and one polyline
/// per series. Enough for training curves and ROC curves; no dependency on a plotting library.
/// </summary>
internal static class LineChart
{
    private const int Width = 720;
    private const int Height = 480;
    private const float Left = 70, Right = 20, Top = 40, Bottom = 55;

    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, (double Min, double Max)? xRange = null, (double Min, double Max)? yRange = null, bool legendAtBottom = false)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var (x0, x1) = xRange ?? Range(points.Select(p => p.X));
        var (y0, y1) = yRange ?? Range(points.Select(p => p.Y));
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height)) ?? throw new InvalidOperationException("SkiaSharp could not create a surface");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var plot = new SKRect(Left, Top, Width - Right, Height - Bottom);
        float X(double x) => plot.Left + (float)((x - x0) / (x1 - x0) * plot.Width);
        float Y(double y) => plot.Bottom - (float)((y - y0) / (y1 - y0) * plot.Height);

        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(0xE0, 0xE0, 0xE0), StrokeWidth = 1, IsAntialias = true, Style = SKPaintStyle.Stroke };
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1.5f, IsAntialias = true, Style = SKPaintStyle.Stroke };
        for (var i = 0; i <= 5; i++)
        {
            var xv = x0 + ((x1 - x0) * i / 5);
            var yv = y0 + ((y1 - y0) * i / 5);
            canvas.DrawLine(X(xv), plot.Top, X(xv), plot.Bottom, grid);
            canvas.DrawLine(plot.Left, Y(yv), plot.Right, Y(yv), grid);
            PlotText.Draw(canvas, Format(xv), X(xv), plot.Bottom + 18, SKTextAlign.Center, 13, text);
            PlotText.Draw(canvas, Format(yv), plot.Left - 6, Y(yv) + 4, SKTextAlign.Right, 13, text);
        }

        canvas.DrawRect(plot, axis);
        PlotText.Draw(canvas, title, Width / 2f, 24, SKTextAlign.Center, 16, text);
        PlotText.Draw(canvas, xLabel, plot.MidX, Height - 14, SKTextAlign.Center, 13, text);
        canvas.Save();
        canvas.RotateDegrees(-90, 16, plot.MidY);
        PlotText.Draw(canvas, yLabel, 16, plot.MidY, SKTextAlign.Center, 13, text);
        canvas.Restore();

        // Legend in the top-right corner (bottom-right for ROC curves, which fill the top-left), right-aligned.
        var legendWidth = series.Max(s => PlotText.Measure(s.Name, 13));
        var legendX = plot.Right - legendWidth - 40;
        var legendY = legendAtBottom ? plot.Bottom - 10 - (18 * (series.Count - 1)) : plot.Top + 18;
        foreach (var s in series)
        {
            using var pen = new SKPaint
            {
                Color = new SKColor(s.Color | 0xFF000000),
                StrokeWidth = 2.2f,
                IsAntialias = true,
                Style = SKPaintStyle.Stroke,
                PathEffect = s.Dashed ? SKPathEffect.CreateDash([6, 4], 0) : null,
            };
            var finite = s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            if (finite.Count > 0)
            {
                using var line = new SKPath();
                line.MoveTo(X(finite[0].X), Y(finite[0].Y));
                foreach (var p in finite.Skip(1))
                {
                    line.LineTo(X(p.X), Y(p.Y));
                }

                canvas.DrawPath(line, pen);
            }

            canvas.DrawLine(legendX, legendY - 4, legendX + 25, legendY - 4, pen);
            PlotText.Draw(canvas, s.Name, legendX + 30, legendY, SKTextAlign.Left, 13, text);
            legendY += 18;
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var stream = File.Create(path);
        data.SaveTo(stream);
    }

    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return (0, 1);
        }

        var (min, max) = (list.Min(), list.Max());
        if (max - min < 1e-9)
        {
            return (min - 0.5, max + 0.5);
        }

        var pad = (max - min) * 0.05;
        return (min - pad, max + pad);
    }

    private static string Format(double value) => Math.Abs(value) >= 100 ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("G3", CultureInfo.InvariantCulture);
}
