using RadCnn.Training.Metrics;

namespace RadCnn.Training.Tests.Metrics;

public class OverlapMetricsTests
{
    [Fact]
    public void Dice_and_iou_match_hand_counts()
    {
        bool[] a = [true, true, false, false, true];
        bool[] b = [true, false, true, false, true];
        // |A∩B| = 2, |A| = 3, |B| = 3, |A∪B| = 4.
        Assert.Equal(2.0 * 2 / 6, OverlapMetrics.Dice(a, b), 12);
        Assert.Equal(0.5, OverlapMetrics.IoU(a, b), 12);
    }

    [Fact]
    public void Empty_masks_agree_and_disjoint_masks_do_not()
    {
        Assert.Equal(1.0, OverlapMetrics.Dice(new bool[4], new bool[4]));
        Assert.Equal(1.0, OverlapMetrics.IoU(new bool[4], new bool[4]));
        Assert.Equal(0.0, OverlapMetrics.Dice([true, false], [false, true]));
    }

    [Fact]
    public void Binarize_uses_the_threshold_inclusively()
    {
        Assert.Equal([false, true, true], OverlapMetrics.Binarize([0.49f, 0.5f, 0.9f]));
    }
}
