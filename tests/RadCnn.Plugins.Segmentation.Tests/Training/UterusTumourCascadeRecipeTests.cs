using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>The cascade tumour network's training slices on a few phantoms: boxes, packing, oversampling and targets.</summary>
public sealed class UterusTumourCascadeRecipeTests
{
    private const int Seed = 1;

    [Fact]
    public void BoxSlicesArePackedAtTheCropSizeWithTumourSlicesTwiceAndCleanTargetsOnTumourFreeCases()
    {
        var recipe = new SixPhantoms();
        var data = recipe.LoadData(null, Seed);
        const int area = UterusTumourCascadeRecipe.CropSize * UterusTumourCascadeRecipe.CropSize;
        var generator = new PelvisMrGenerator();
        var withTumour = Enumerable.Range(0, recipe.Phantoms).Select(i => generator.Generate(Seed, i)).ToDictionary(c => c.Id, c => c.Tumour is not null);
        Assert.Contains(true, withTumour.Values);
        Assert.Contains(false, withTumour.Values);
        Assert.NotEmpty(data.Samples);
        foreach (var sample in data.Samples)
        {
            Assert.Equal((2, 2 * UterusTumourCascadeRecipe.CropSize, UterusTumourCascadeRecipe.CropSize), (sample.Channels, sample.Height, sample.Width));
            Assert.Equal(2 * 2 * area, sample.Pixels.Length);
            Assert.All(sample.Pixels, v => Assert.InRange(v, 0f, 2f));
            Assert.Contains(sample.Pixels, v => v > 0);
            // Both outputs learn the tumour: the target's halves are the same mask.
            Assert.Equal(sample.Target!.AsSpan(0, area).ToArray(), sample.Target!.AsSpan(area, area).ToArray());
        }

        foreach (var (id, hasTumour) in withTumour)
        {
            var own = data.Samples.Where(s => s.PatientKey == id).ToList();
            var tumourPixels = own.Sum(s => s.Target!.Count(v => v > 0));
            if (hasTumour)
            {
                // The second box repeats only slices with tumour.
                var repeats = own.Where(s => s.Id.EndsWith("#2", StringComparison.Ordinal)).ToList();
                Assert.NotEmpty(repeats);
                Assert.True(repeats.Count(s => s.Target!.Contains(1f)) >= repeats.Count - 1, $"{id}: {repeats.Count} repeated slices, most should show tumour");
                Assert.True(tumourPixels > 0, id);
                Assert.Contains(own, s => !s.Id.EndsWith("#2", StringComparison.Ordinal) && !s.Target!.Contains(1f));
            }
            else
            {
                Assert.Equal(0, tumourPixels);
                Assert.DoesNotContain(own, s => s.Id.EndsWith("#2", StringComparison.Ordinal));
            }
        }
    }

    private sealed class SixPhantoms : UterusTumourCascadeRecipe
    {
        public override int Phantoms => 6;
    }
}
