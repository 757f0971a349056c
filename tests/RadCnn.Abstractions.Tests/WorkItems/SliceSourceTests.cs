using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;

namespace RadCnn.Abstractions.Tests.WorkItems;

public sealed class SliceSourceTests
{
    private static ImageVolume TwoSlices() =>
        new(new float[8], columns: 2, rows: 2, slices: 2, new(1, 1, 1), default, new(1, 0, 0), new(0, 1, 0));

    private static DicomDataset Instance(string uid) => new DicomDataset().AddOrUpdate(DicomTag.SOPInstanceUID, uid);

    [Fact]
    public void A_volume_built_without_instances_has_no_slice_sources()
    {
        Assert.Empty(TwoSlices().SliceSources);
    }

    [Fact]
    public void Slice_sources_follow_the_volumes_slice_order()
    {
        var later = Instance("1.2.3.2");
        var earlier = Instance("1.2.3.1");
        var volume = TwoSlices() with { SliceSources = [SliceSource.Of(later), SliceSource.Of(earlier)] };
        Assert.Equal(["1.2.3.2", "1.2.3.1"], volume.SliceSources.Select(s => s.SopInstanceUid).ToArray());
        Assert.Same(later, volume.SliceSources[0].Instance);
        Assert.Equal(0, volume.SliceSources[1].Frame);
    }

    [Fact]
    public void Frames_of_one_multi_frame_instance_are_told_apart()
    {
        var multiFrame = Instance("1.2.3.9");
        var volume = TwoSlices() with { SliceSources = [SliceSource.Of(multiFrame, 0), SliceSource.Of(multiFrame, 1)] };
        Assert.Equal([0, 1], volume.SliceSources.Select(s => s.Frame).ToArray());
        Assert.All(volume.SliceSources, s => Assert.Equal("1.2.3.9", s.SopInstanceUid));
    }

    [Fact]
    public void A_list_that_is_not_one_source_per_slice_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TwoSlices() with { SliceSources = [SliceSource.Of(Instance("1.2.3.1"))] });
        Assert.Contains("one slice source per slice (2), got 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_volume_keeps_its_own_copy_of_the_list()
    {
        var sources = new List<SliceSource> { SliceSource.Of(Instance("1.2.3.1")), SliceSource.Of(Instance("1.2.3.2")) };
        var volume = TwoSlices() with { SliceSources = sources };
        sources.Reverse();
        Assert.Equal("1.2.3.1", volume.SliceSources[0].SopInstanceUid);
    }

    [Fact]
    public void An_instance_without_a_sop_instance_uid_or_a_negative_frame_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SliceSource.Of(new DicomDataset()));
        Assert.Throws<ArgumentOutOfRangeException>(() => SliceSource.Of(Instance("1.2.3.1"), -1));
    }
}
