using System.Globalization;
using System.Text;
using RadCnn.Plugins.Classification.Evaluation;

namespace RadCnn.Bench.Classification;

/// <summary>A FROC plot as SVG: sensitivity against false positives per scan on a log axis (1/8 to 8).</summary>
internal static class FrocPlot
{
    public static void Save(string path, string title, IReadOnlyList<(string Name, FrocCurve Curve)> curves)
    {
        const int width = 560, height = 400, left = 60, top = 40, plotWidth = 460, plotHeight = 300;
        string[] colours = ["#d62728", "#1f77b4", "#2ca02c"];
        double X(double rate) => left + (plotWidth * (Math.Log2(Math.Clamp(rate, 0.125, 8)) + 3) / 6);
        double Y(double sensitivity) => top + (plotHeight * (1 - sensitivity));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' font-family='sans-serif' font-size='12'>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width='{width}' height='{height}' fill='white'/><text x='{left}' y='24' font-size='14'>{title}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x='{left}' y='{top}' width='{plotWidth}' height='{plotHeight}' fill='none' stroke='black'/>");
        foreach (var rate in FrocCurve.CpmRates)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1='{X(rate):F1}' y1='{top}' x2='{X(rate):F1}' y2='{top + plotHeight}' stroke='#ddd'/><text x='{X(rate) - 10:F1}' y='{top + plotHeight + 16}'>{rate:0.###}</text>");
        }

        for (var s = 0; s <= 10; s += 2)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1='{left}' y1='{Y(s / 10.0):F1}' x2='{left + plotWidth}' y2='{Y(s / 10.0):F1}' stroke='#ddd'/><text x='{left - 30}' y='{Y(s / 10.0) + 4:F1}'>{s / 10.0:0.0}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x='{left + 140}' y='{height - 8}'>false positives per scan</text><text x='14' y='{top + 180}' transform='rotate(-90 14 {top + 180})'>sensitivity</text>");
        foreach (var ((name, curve), k) in curves.Select((c, k) => (c, k)))
        {
            var points = new List<string>();
            var last = 0.0;
            foreach (var p in curve.Points.Where(p => p.FalsePositivesPerScan <= 8))
            {
                points.Add(string.Create(CultureInfo.InvariantCulture, $"{X(p.FalsePositivesPerScan):F1},{Y(last):F1} {X(p.FalsePositivesPerScan):F1},{Y(p.Sensitivity):F1}"));
                last = p.Sensitivity;
            }

            points.Add(string.Create(CultureInfo.InvariantCulture, $"{X(8):F1},{Y(last):F1}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill='none' stroke='{colours[k % 3]}' stroke-width='2' points='{string.Join(' ', points)}'/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x='{left + plotWidth - 150}' y='{top + plotHeight - 60 + (k * 16)}' fill='{colours[k % 3]}'>{name} (CPM {curve.Cpm:F3})</text>");
        }

        svg.Append("</svg>");
        File.WriteAllText(path, svg.ToString());
    }
}
