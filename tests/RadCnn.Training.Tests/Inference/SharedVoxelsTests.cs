using RadCnn.Abstractions.WorkItems;
using RadCnn.Training.Inference;

namespace RadCnn.Training.Tests.Inference;

public sealed class SharedVoxelsTests
{
    private static readonly Vector3D One = new(1, 1, 1);

    [Fact]
    public void A_volume_over_a_whole_array_is_read_from_that_array()
    {
        var voxels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (float)i).ToArray();
        var volume = new ImageVolume(voxels, 4, 3, 2, One, default, new Vector3D(1, 0, 0), new Vector3D(0, 1, 0));
        Assert.Same(voxels, SharedVoxels.ReadOnlyArray(volume));
    }

    [Fact]
    public void A_volume_over_part_of_a_buffer_is_copied_with_its_own_values_only()
    {
        var buffer = Enumerable.Range(0, 30).Select(i => (float)i).ToArray();
        var volume = new ImageVolume(buffer.AsMemory(5, 24), 4, 3, 2, One, default, new Vector3D(1, 0, 0), new Vector3D(0, 1, 0));
        var read = SharedVoxels.ReadOnlyArray(volume);
        Assert.NotSame(buffer, read);
        Assert.Equal(buffer[5..29], read);
    }
}
