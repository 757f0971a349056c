using RadCnn.Plugins.Segmentation.Analysis;

namespace RadCnn.Plugins.Segmentation.Tests.Analysis;

/// <summary>
/// The robust level by selection gives exactly what sorting gives (the element at half the count, of the values and of
/// their absolute deviations), on odd and even counts, ties and masks, and an empty mask has no level.
/// </summary>
public sealed class RobustLevelTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(1001, 3)]
    [InlineData(4096, 4)]
    [InlineData(50_000, 5)]
    public void SelectionGivesTheSortedOrderStatistics(int count, int seed)
    {
        var random = new Random(seed);
        // Rounded to a few levels so ties are common, with outliers on one side.
        var values = Enumerable.Range(0, count).Select(_ => (float)Math.Round((random.NextDouble() * 40) + (random.NextDouble() < 0.1 ? 200 : 0))).ToArray();
        var mask = Enumerable.Range(0, count).Select(i => count < 3 || random.NextDouble() < 0.7).ToArray();

        var inside = values.Where((_, i) => mask[i]).Order().ToArray();
        var median = inside[inside.Length / 2];
        var mad = inside.Select(v => Math.Abs(v - median)).Order().ToArray()[inside.Length / 2];

        var level = RobustLevel.Of(values, mask);
        Assert.NotNull(level);
        Assert.Equal(median, level.Value.Median);
        Assert.Equal(RobustLevel.MadToSd * mad, level.Value.Sd);

        for (var k = 0; k < inside.Length; k += Math.Max(1, inside.Length / 7))
        {
            Assert.Equal(inside[k], RobustLevel.Select(values.Where((_, i) => mask[i]).ToArray(), k));
        }
    }

    [Fact]
    public void AnEmptyMaskHasNoLevelAndTheValuesAreLeftAlone()
    {
        float[] values = [3, 1, 2];
        Assert.Null(RobustLevel.Of(values, new bool[3]));
        Assert.Equal((2.0, RobustLevel.MadToSd * 1), RobustLevel.Of(values, [true, true, true]));
        Assert.Equal([3f, 1f, 2f], values);
    }
}
