using RadCnn.Abstractions.WorkItems;
using static TorchSharp.torch;

namespace RadCnn.Abstractions.Tests.WorkItems;

public sealed class ImageVolumeTests
{
    // A 3×2×2 axial volume: 0.5 mm columns, 0.7 mm rows, 2.5 mm slices, the usual LPS axial orientation.
    private static ImageVolume Axial() => new(
        Enumerable.Range(0, 12).Select(i => (float)i).ToArray(),
        columns: 3,
        rows: 2,
        slices: 2,
        spacing: new Vector3D(0.5, 0.7, 2.5),
        origin: new Vector3D(-100, -50, 20),
        rowDirection: new Vector3D(1, 0, 0),
        columnDirection: new Vector3D(0, 1, 0)) { Unit = "HU" };

    [Fact]
    public void Indexes_column_fastest_then_row_then_slice()
    {
        var v = Axial();
        Assert.Equal(0f, v[0, 0, 0]);
        Assert.Equal(2f, v[2, 0, 0]);
        Assert.Equal(3f, v[0, 1, 0]);
        Assert.Equal(6f, v[0, 0, 1]);
        Assert.Equal(11f, v[2, 1, 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => v[3, 0, 0]);
    }

    [Fact]
    public void Maps_voxels_to_patient_coordinates_like_dicom()
    {
        var v = Axial();
        Assert.Equal(new Vector3D(0, 0, 1), v.SliceDirection);
        Assert.Equal(new Vector3D(-99, -49.3, 22.5), Round(v.ToPatient(2, 1, 1)));

        // A sagittal image: rows run head to foot (-Z), columns anterior to posterior (+Y).
        var sagittal = new ImageVolume(new float[4], 2, 2, 1, new(1, 2, 3), new(10, 0, 0), rowDirection: new(0, 1, 0), columnDirection: new(0, 0, -1));
        Assert.Equal(new Vector3D(-1, 0, 0), sagittal.SliceDirection);
        Assert.Equal(new Vector3D(10, 1, -2), Round(sagittal.ToPatient(1, 1, 0)));
    }

    [Fact]
    public void Refuses_a_voxel_count_that_does_not_match_the_dimensions()
    {
        Assert.Throws<ArgumentException>(() => new ImageVolume(new float[11], 3, 2, 2, default, default, new(1, 0, 0), new(0, 1, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageVolume(new float[0], 0, 2, 2, default, default, new(1, 0, 0), new(0, 1, 0)));
    }

    [Fact]
    public async Task A_fixed_source_returns_its_volume()
    {
        var v = Axial();
        Assert.Same(v, await IImageVolumeSource.FromVolume(v).GetVolumeAsync(CancellationToken.None));
    }

    [Fact]
    public void ToTensor_has_shape_slices_rows_columns()
    {
        using var scope = NewDisposeScope();
        var t = Axial().ToTensor();
        Assert.Equal([2L, 2, 3], t.shape);
        Assert.Equal(11f, t[1, 1, 2].item<float>());
    }

    private static Vector3D Round(Vector3D v) => new(Math.Round(v.X, 9), Math.Round(v.Y, 9), Math.Round(v.Z, 9));
}
