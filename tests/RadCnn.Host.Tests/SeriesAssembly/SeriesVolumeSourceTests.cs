using System.Globalization;
using RadCnn.Dicom;
using RadCnn.Host.SeriesAssembly;
using RadCnn.Host.Tests.Pipeline;

namespace RadCnn.Host.Tests.SeriesAssembly;

/// <summary>The host's series volume says which instance each slice came from, in the volume's (position) order.</summary>
public sealed class SeriesVolumeSourceTests
{
    [Fact]
    public async Task Slice_sources_follow_the_position_order_not_the_arrival_or_instance_number_order()
    {
        var study = TestStudy.NewUid();
        var series = TestStudy.NewUid();
        // Slice index i lies at z = 2.5·i; the instances arrive out of order and are numbered against position.
        var byPosition = Enumerable.Range(0, 3)
            .Select(i => TestStudy.Build(study, series, TestStudy.NewUid(), "CT", i, "CHEST", "volume", size: 8))
            .ToList();
        for (var i = 0; i < byPosition.Count; i++)
        {
            byPosition[i].Dataset.AddOrUpdate(DicomTag.InstanceNumber, (10 - i).ToString(CultureInfo.InvariantCulture));
        }

        var received = new[] { byPosition[2], byPosition[0], byPosition[1] };
        var volume = await new SeriesVolumeSource(received).GetVolumeAsync(CancellationToken.None);

        Assert.Equal(3, volume.Slices);
        Assert.Equal(
            byPosition.Select(f => f.Dataset.GetStringOrDefault(DicomTag.SOPInstanceUID)).ToArray(),
            volume.SliceSources.Select(s => s.SopInstanceUid).ToArray());
        for (var slice = 0; slice < volume.Slices; slice++)
        {
            var source = volume.SliceSources[slice];
            Assert.Same(byPosition[slice].Dataset, source.Instance);
            Assert.Equal(0, source.Frame);
            // The slice's pixels are its source's: TestStudy's first pixel of slice i is 13·i, rescaled by -1024.
            Assert.Equal((13 * slice) - 1024, volume[0, 0, slice]);
        }
    }
}
