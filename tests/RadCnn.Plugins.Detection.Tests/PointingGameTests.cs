using RadCnn.Engine;
using RadCnn.Plugins.Detection.Training;
using RadCnn.Training.Phantoms;
using Xunit.Abstractions;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>The plugin's Grad-CAM heat maps (its default layer) peak inside the lesions the phantom generator recorded.</summary>
public sealed class PointingGameTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HeatMapMaximumLiesInTheLesionForAtLeast80PercentOfTuberculosisCases()
    {
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new TuberculosisPlugin();
        await plugin.InitializeAsync(new TestPluginContext(engine), CancellationToken.None);
        var generator = new ChestRadiographGenerator(size: TuberculosisRecipeBase.PhantomSize);
        var cases = Enumerable.Range(0, 120).Select(i => generator.Generate(7331, i)).Where(c => c.Label == 1).Take(30).ToList();
        Assert.True(cases.Count >= 20);
        var hits = 0;
        var near = 0;
        foreach (var phantom in cases)
        {
            var read = await plugin.ReadAsync(Array.ConvertAll(phantom.Pixels, v => (float)v), phantom.Height, phantom.Width, monochrome1: false, CancellationToken.None);
            var peak = Array.IndexOf(read.HeatMap, read.HeatMap.Max());
            // Heat map pixel centre → source pixel (the phantom is square, so no padding was cropped).
            var row = (int)(((peak / read.HeatColumns) + 0.5) * phantom.Height / read.HeatRows);
            var column = (int)(((peak % read.HeatColumns) + 0.5) * phantom.Width / read.HeatColumns);
            if (NearLesion(phantom, row, column, radius: phantom.Height / read.HeatRows))
            {
                hits++;
            }
            else if (NearLesion(phantom, row, column, radius: 12))
            {
                near++;
            }
        }

        var share = (double)hits / cases.Count;
        output.WriteLine($"pointing game: {hits} of {cases.Count} ({share:P0}); within 12 px: {near} more");
        Assert.True(share >= 0.8, $"the heat map peaked in the lesion for {hits} of {cases.Count} tuberculosis cases ({share:P0}); within 12 px: {near} more");
    }

    /// <summary>In the mask within one heat-map pixel of the peak (the map's own resolution).</summary>
    private static bool NearLesion(PhantomCase phantom, int row, int column, int radius)
    {
        for (var r = Math.Max(0, row - radius); r <= Math.Min(phantom.Height - 1, row + radius); r++)
        {
            for (var c = Math.Max(0, column - radius); c <= Math.Min(phantom.Width - 1, column + radius); c++)
            {
                if (phantom.LesionMask[(r * phantom.Width) + c] != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
