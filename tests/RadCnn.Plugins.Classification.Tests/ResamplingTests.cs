using RadCnn.Abstractions.WorkItems;
using RadCnn.Plugins.Classification.Candidates;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// Area resampling (<see cref="VolumeResampling"/>): where the 2 mm candidate grid or a patch's step is coarser
/// than the source voxels, each target sample is the mean over its footprint instead of one trilinear value.
/// </summary>
public sealed class ResamplingTests
{
    [Fact]
    public void OnFineVoxelsTheGridAveragesTheNoiseOverItsFootprint()
    {
        // Pure white noise (SD 100 HU) on 0.7 mm voxels, as a 512 matrix's pixels with thin slices. A 2 mm grid
        // voxel covers (2 / 0.7)³ ≈ 23 of them: its mean has an SD of about 100 / sqrt(23) ≈ 21 HU (the supersampled
        // box, 3³ trilinear values, reaches 16-19 HU). One trilinear value per grid point (the shipped sampling) mixes
        // at most 8 neighbours with uneven weights (SD above 35 HU).
        const double spacing = 0.7;
        var volume = Noise(96, 96, 96, new Vector3D(spacing, spacing, spacing), sd: 100, seed: 7);
        var footprintVoxels = Math.Pow(CandidateDetector.GridMm / spacing, 3);
        var expected = 100 / Math.Sqrt(footprintVoxels);

        var point = Sd(CandidateDetector.WorkingGrid(volume, VolumeResampling.Point).Grid);
        var area = Sd(CandidateDetector.WorkingGrid(volume, VolumeResampling.Area).Grid);
        Assert.InRange(point, 35, 100);
        Assert.InRange(area, 0.6 * expected, 1.4 * expected);

        // In the plane only (about 8 voxels; the slice axis still one trilinear value): between the two.
        var inPlane = Sd(CandidateDetector.WorkingGrid(volume, VolumeResampling.AreaInPlane).Grid);
        Assert.InRange(inPlane, area * 1.2, point * 0.75);
    }

    [Fact]
    public void PatchesOnFineVoxelsAreAveragedToo()
    {
        // The 48 mm cube's 3 mm step on 0.7 mm voxels covers about 79 of them; the 20 mm cube's 1.25 mm step about 6.
        var volume = Noise(128, 128, 128, new Vector3D(0.7, 0.7, 0.7), sd: 100, seed: 11);
        var centre = volume.ToPatient(64, 64, 64);
        var cube = PatchExtractor.Side3d * PatchExtractor.Side3d * PatchExtractor.Side3d;
        var point = PatchExtractor.Patch3d(volume, centre);
        var area = PatchExtractor.Patch3d(volume, centre, VolumeResampling.Area);
        for (var k = 0; k < 3; k++)
        {
            Assert.True(Sd(area[(k * cube)..((k + 1) * cube)]) < 0.8 * Sd(point[(k * cube)..((k + 1) * cube)]), $"cube {k}");
        }

        var views = PatchExtractor.Views2d(volume, centre);
        var averagedViews = PatchExtractor.Views2d(volume, centre, VolumeResampling.AreaInPlane);
        Assert.True(Sd(averagedViews) < 0.8 * Sd(views));
    }

    [Fact]
    public void CoarseVoxelsAreSampledExactlyAsBefore()
    {
        // A 128 matrix's voxels in every axis (2.4-3.6 mm pixels; here 2.5 mm slices too): every step of the grid
        // (2 mm), the cubes (1.25, 2, 3 mm) and the views (1.5 mm) is under 1.5 voxels, so each mode gives the same values.
        var phantom = new ChestCtGenerator().Generate(9001, 0);
        var hu = phantom.Hu;
        var coarse = new CtVolume(hu, phantom.Columns, phantom.Rows, phantom.Slices, new Vector3D(phantom.PixelSpacing, phantom.PixelSpacing, 2.5), new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0));
        Assert.InRange(phantom.PixelSpacing, 2.4, 3.6);
        var centre = coarse.ToPatient(phantom.Columns / 2.0, phantom.Rows / 2.0, phantom.Slices / 2.0);
        foreach (var mode in new[] { VolumeResampling.AreaInPlane, VolumeResampling.Area })
        {
            Assert.Equal(CandidateDetector.WorkingGrid(coarse, VolumeResampling.Point).Grid, CandidateDetector.WorkingGrid(coarse, mode).Grid);
            Assert.Equal(PatchExtractor.Patch3d(coarse, centre), PatchExtractor.Patch3d(coarse, centre, mode));
            Assert.Equal(PatchExtractor.Views2d(coarse, centre, 9), PatchExtractor.Views2d(coarse, centre, 9, mode));
        }

        // A real 128 phantom (its own slice spacing) in the plane only: the same candidates and inputs as the shipped sampling.
        var volume = CtVolume.From(phantom);
        var shipped = new CandidateDetector().Detect(volume);
        var inPlane = new CandidateDetector { Resampling = VolumeResampling.AreaInPlane }.Detect(volume);
        Assert.Equal(shipped, inPlane);
        Assert.Equal(PatchExtractor.Patch3d(volume, shipped[0].Centre), PatchExtractor.Patch3d(volume, shipped[0].Centre, VolumeResampling.AreaInPlane));
        Assert.Equal(PatchExtractor.Views2d(volume, shipped[0].Centre), PatchExtractor.Views2d(volume, shipped[0].Centre, VolumeResampling.AreaInPlane));
    }

    private static CtVolume Noise(int columns, int rows, int slices, Vector3D spacing, double sd, int seed)
    {
        var random = new Random(seed);
        var hu = new float[columns * rows * slices];
        for (var i = 0; i < hu.Length; i++)
        {
#pragma warning disable CA5394 // reproducible test noise
            hu[i] = (float)(sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
#pragma warning restore CA5394
        }

        return new CtVolume(hu, columns, rows, slices, spacing, new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0));
    }

    private static double Sd(float[] values)
    {
        var mean = values.Average(v => (double)v);
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
