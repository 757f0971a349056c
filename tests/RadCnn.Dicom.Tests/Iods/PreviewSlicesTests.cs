using RadCnn.Dicom.Iods;

namespace RadCnn.Dicom.Tests.Iods;

public sealed class PreviewSlicesTests
{
    /// <summary>A liver on slices 2-17 of 20 (largest at 9-10) and a mass only on slice 15.</summary>
    private static (int[] Liver, int[] Mass) LiverAndMass()
    {
        var liver = Enumerable.Range(0, 20).Select(s => s is >= 2 and <= 17 ? 1000 - 20 * Math.Abs(s - 9) : 0).ToArray();
        var mass = new int[20];
        mass[15] = 12;
        return (liver, mass);
    }

    [Fact]
    public void Each_segments_largest_slice_is_shown_and_the_rest_spread_over_the_segmented_slices()
    {
        var (liver, mass) = LiverAndMass();
        var chosen = PreviewSlices.Choose([liver, mass], Enumerable.Range(0, 20).ToArray(), 6);

        Assert.Equal(6, chosen.Count);
        Assert.Contains(15, chosen); // the mass, whose 12 pixels the largest-area rule never reached
        Assert.Contains(9, chosen); // the liver's largest slice
        Assert.All(chosen, s => Assert.InRange(s, 2, 17)); // nothing outside the segmented slices
        Assert.True(chosen[^1] - chosen[0] >= 10, $"spread over the liver: {string.Join(",", chosen)}");
        Assert.Equal(chosen.Distinct().Order(), chosen);
    }

    [Fact]
    public void Slices_come_in_stack_order_even_when_the_files_do_not()
    {
        var (liver, mass) = LiverAndMass();
        // Source order reversed against the stack: slice s is at place 19 - s.
        var rank = Enumerable.Range(0, 20).Select(s => 19 - s).ToArray();
        var chosen = PreviewSlices.Choose([liver, mass], rank, 4);

        Assert.Equal(4, chosen.Count);
        Assert.Contains(15, chosen);
        Assert.Equal(chosen.OrderBy(s => rank[s]), chosen);
    }

    [Fact]
    public void Nothing_segmented_spreads_over_the_whole_series_and_a_short_one_shows_only_its_segmented_slices()
    {
        var empty = new int[9];
        var chosen = PreviewSlices.Choose([empty], Enumerable.Range(0, 9).ToArray(), 3);
        Assert.Equal([1, 4, 7], chosen);

        // Two slices, one segmented: only that one (an empty slice says nothing about the segments).
        var one = PreviewSlices.Choose([new[] { 0, 5 }], [0, 1], 6);
        Assert.Equal([1], one);
    }
}
