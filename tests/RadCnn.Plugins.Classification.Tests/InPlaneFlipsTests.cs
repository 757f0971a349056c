using RadCnn.Plugins.Classification.Preprocessing;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>The test-time mirror images: columns and rows of every plane, the leading axes untouched.</summary>
public sealed class InPlaneFlipsTests
{
    // Two planes of 2 rows × 3 columns.
    private static readonly float[] Values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    private static readonly long[] Shape = [2, 2, 3];

    [Fact]
    public void EachFlipMirrorsTheLastTwoAxesOfEveryPlane()
    {
        Assert.Equal(Values, InPlaneFlips.Apply(Values, Shape, (false, false)));
        Assert.Equal([3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10], InPlaneFlips.Apply(Values, Shape, (true, false)));
        Assert.Equal([4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9], InPlaneFlips.Apply(Values, Shape, (false, true)));
        Assert.Equal([6, 5, 4, 3, 2, 1, 12, 11, 10, 9, 8, 7], InPlaneFlips.Apply(Values, Shape, (true, true)));
    }

    [Fact]
    public void EveryFlipUndoesItselfAndLeavesTheInputAlone()
    {
        var copy = (float[])Values.Clone();
        foreach (var flip in InPlaneFlips.All)
        {
            Assert.Equal(Values, InPlaneFlips.Apply(InPlaneFlips.Apply(Values, Shape, flip), Shape, flip));
        }

        Assert.Equal(copy, Values);
        Assert.Equal(4, InPlaneFlips.All.Distinct().Count());
    }

    [Fact]
    public void AnInputThatDoesNotFillItsPlanesIsRefused()
    {
        Assert.Throws<ArgumentException>(() => InPlaneFlips.Apply([1, 2, 3, 4, 5], Shape, (true, false)));
        Assert.Throws<ArgumentException>(() => InPlaneFlips.Apply(Values, [12], (true, false)));
    }

    [Fact]
    public void TheMeanIsTakenElementWise()
    {
        Assert.Equal([0.25f, 0.5f, 0.25f], InPlaneFlips.Mean([[0.5f, 0.5f, 0f], [0f, 0.5f, 0.5f]]));
    }
}
