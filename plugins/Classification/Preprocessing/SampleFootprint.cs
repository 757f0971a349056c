namespace RadCnn.Plugins.Classification.Preprocessing;

/// <summary>
/// The footprint of one target sample on the source voxels, as sub-sample offsets (in source voxel units) whose
/// mean stands for the target sample: along each step vector whose length exceeds the source voxels by half or
/// more, n = round(length in voxels) offsets spread evenly over the step (a box prefilter of the step's width,
/// by supersampling); a shorter step keeps the single point, so a coarse scan is sampled exactly as before.
/// </summary>
internal sealed class SampleFootprint
{
    /// <summary>Steps shorter than this many source voxels are not averaged (a 3 mm step on 2.4 mm pixels is one voxel).</summary>
    private const double MinVoxelsToAverage = 1.5;

    private SampleFootprint(double[] columns, double[] rows, double[] slices)
    {
        Columns = columns;
        Rows = rows;
        Slices = slices;
    }

    /// <summary>A single sample at the target point.</summary>
    public static SampleFootprint Point { get; } = new([0], [0], [0]);

    public double[] Columns { get; }

    public double[] Rows { get; }

    public double[] Slices { get; }

    public int Count => Columns.Length;

    /// <summary>
    /// The footprint of a target sample whose neighbours lie <paramref name="stepsMm"/> away (vectors in mm along
    /// the volume's column, row and slice axes); with <see cref="VolumeResampling.AreaInPlane"/> only their
    /// in-plane parts are averaged.
    /// </summary>
    public static SampleFootprint Of(CtVolume volume, VolumeResampling resampling, params ReadOnlySpan<(double X, double Y, double Z)> stepsMm)
    {
        if (resampling == VolumeResampling.Point)
        {
            return Point;
        }

        var offsets = new List<(double C, double R, double S)> { (0, 0, 0) };
        foreach (var step in stepsMm)
        {
            var (c, r, s) = (step.X / volume.Spacing.X, step.Y / volume.Spacing.Y, resampling == VolumeResampling.Area ? step.Z / volume.Spacing.Z : 0);
            var voxels = Math.Sqrt((c * c) + (r * r) + (s * s));
            var n = voxels >= MinVoxelsToAverage ? (int)Math.Round(voxels, MidpointRounding.AwayFromZero) : 1;
            if (n == 1)
            {
                continue;
            }

            var spread = new List<(double C, double R, double S)>(offsets.Count * n);
            foreach (var o in offsets)
            {
                for (var i = 0; i < n; i++)
                {
                    var f = ((i + 0.5) / n) - 0.5;
                    spread.Add((o.C + (f * c), o.R + (f * r), o.S + (f * s)));
                }
            }

            offsets = spread;
        }

        return offsets.Count == 1
            ? Point
            : new SampleFootprint([.. offsets.Select(o => o.C)], [.. offsets.Select(o => o.R)], [.. offsets.Select(o => o.S)]);
    }

    /// <summary>The same footprint for axis-aligned steps of <paramref name="stepMm"/> along every axis (a cube or a grid).</summary>
    public static SampleFootprint OfCube(CtVolume volume, VolumeResampling resampling, double stepMm) =>
        Of(volume, resampling, (stepMm, 0, 0), (0, stepMm, 0), (0, 0, stepMm));
}
