using RadCnn.Training.Metrics;
using RadCnn.Training.Optimization;
using RadCnn.Training.Plots;
using RadCnn.TestSupport;
using SkiaSharp;

namespace RadCnn.Training.Tests.Plots;

public class TrainingPlotsTests
{
    [Fact]
    public void Curves_and_roc_are_pngs_with_lines_and_labels_drawn()
    {
        using var dir = new TempDirectory();
        var history = Enumerable.Range(0, 5)
            .Select(e => new EpochRecord(e, 1e-3, 1.0 / (e + 1), 0.5 + (0.1 * e), 0.8 - (0.05 * e), new Dictionary<string, double> { ["accuracy"] = 0.5 + (0.08 * e) }, true))
            .ToList();
        var files = TrainingPlots.WriteCurves(dir.Path, "cxr-demo", TrainingTaskKind.BinaryClassification, history).ToList();
        var roc = RocAnalysis.Compute([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
        files.Add(TrainingPlots.WriteRoc(dir.Path, "ROC", roc, new ConfidenceInterval(0.75, 0.5, 1, 0.95)));

        foreach (var file in files)
        {
            using var bitmap = SKBitmap.Decode(file);
            Assert.Equal(720, bitmap.Width);
            var blue = 0;
            var dark = 0;
            for (var y = 0; y < bitmap.Height; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    blue += c.Blue > 150 && c.Red < 100 ? 1 : 0;
                    // Ink of the frame and of the text, anti-aliased edges included (a TrueType font
                    // where one is installed, the built-in bitmap font otherwise).
                    dark += c.Red < 160 && c.Green < 160 && c.Blue < 160 ? 1 : 0;
                }
            }

            Assert.True(blue > 200, $"{file}: the training or ROC line is missing");
            // The frame alone is about 2,700 dark pixels; tick labels, title and legend add more.
            Assert.True(dark > 4000, $"{file}: labels are missing ({dark} dark pixels)");
        }
    }
}
