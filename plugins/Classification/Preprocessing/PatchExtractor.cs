using RadCnn.Abstractions.WorkItems;
using RadCnn.Training.Data;

namespace RadCnn.Plugins.Classification.Preprocessing;

/// <summary>
/// Cuts network inputs around a candidate, identically for training and inference: for the 3D CNN,
/// three cubes of 20, 32 and 48 mm resampled to 16³ voxels each (the multi-scale patches, stacked as
/// channels); for the 2D multi-view CNN, the axial, coronal and sagittal planes through the centre,
/// 48 mm wide at 32×32 pixels. Values are HU mapped through a -1000..400 window to 0..1. Each sample is
/// one trilinear value (<see cref="VolumeResampling.Point"/>, the default and what the models were trained
/// on) or the mean over its footprint where the step is coarser than the source voxels.
/// </summary>
internal static class PatchExtractor
{
    public const int Side3d = 16;

    public const int Side2d = 32;

    public const double ViewMm = 48;

    public static IReadOnlyList<double> ScalesMm { get; } = [20, 32, 48];

    /// <summary>The shipped 3D input: 20, 32 and 48 mm cubes at 16³.</summary>
    public static Patch3dGeometry Geometry3d { get; } = new(Side3d, ScalesMm);

    /// <summary>The window both inputs are normalised with (recorded in model.json).</summary>
    public static InputSpec Input3d => Geometry3d.Input;

    public static InputSpec Input2d { get; } = new(3, Side2d, Side2d, NormalizationKind.Window, -300, 1400);

    /// <summary>The 9-view variant: the three orthogonal planes and the six diagonal ones.</summary>
    public static InputSpec Input2d9 { get; } = new(9, Side2d, Side2d, NormalizationKind.Window, -300, 1400);

    public static InputSpec Input2dOf(int views) => views switch
    {
        3 => Input2d,
        9 => Input2d9,
        _ => throw new ArgumentOutOfRangeException(nameof(views), views, "3 or 9 views"),
    };

    /// <summary>
    /// The planes of the 9-view input (after Setio et al.), as (row direction, column direction) in
    /// the volume's axes (x column, y row, z slice; z grows caudally in the view): axial, coronal,
    /// sagittal, then for each axis the two planes that hold it and a diagonal of the other two,
    /// i.e. the planes through the diagonals of the cube around the candidate.
    /// </summary>
    private static readonly ((double X, double Y, double Z) Row, (double X, double Y, double Z) Column)[] Planes =
    [
        ((0, 1, 0), (1, 0, 0)),
        ((0, 0, -1), (1, 0, 0)),
        ((0, 0, -1), (0, 1, 0)),
        ((0, 0, -1), (Math.Sqrt(0.5), Math.Sqrt(0.5), 0)),
        ((0, 0, -1), (Math.Sqrt(0.5), -Math.Sqrt(0.5), 0)),
        ((0, Math.Sqrt(0.5), -Math.Sqrt(0.5)), (1, 0, 0)),
        ((0, Math.Sqrt(0.5), Math.Sqrt(0.5)), (1, 0, 0)),
        ((Math.Sqrt(0.5), 0, -Math.Sqrt(0.5)), (0, 1, 0)),
        ((Math.Sqrt(0.5), 0, Math.Sqrt(0.5)), (0, 1, 0)),
    ];

    /// <summary>Shape the engine sees for the 3D model: scales × depth × height × width.</summary>
    public static long[] Shape3d { get; } = Geometry3d.Shape;

    public static float[] Patch3d(CtVolume volume, Vector3D centre, VolumeResampling resampling = VolumeResampling.Point) => Patch3d(volume, centre, Geometry3d, resampling);

    public static float[] Patch3d(CtVolume volume, Vector3D centre, Patch3dGeometry geometry, VolumeResampling resampling = VolumeResampling.Point)
    {
        var (cc, cr, cs) = volume.ToVoxel(centre);
        var side = geometry.Side;
        var cube = side * side * side;
        var values = new float[geometry.ScalesMm.Count * cube];
        for (var k = 0; k < geometry.ScalesMm.Count; k++)
        {
            var step = geometry.ScalesMm[k] / side;
            var footprint = SampleFootprint.OfCube(volume, resampling, step);
            for (var d = 0; d < side; d++)
            {
                var w = (d - ((side - 1) / 2.0)) * step;
                for (var h = 0; h < side; h++)
                {
                    var v = (h - ((side - 1) / 2.0)) * step;
                    for (var x = 0; x < side; x++)
                    {
                        var u = (x - ((side - 1) / 2.0)) * step;
                        values[(k * cube) + (((d * side) + h) * side) + x] = volume.Sample(cc + (u / volume.Spacing.X), cr + (v / volume.Spacing.Y), cs + (w / volume.Spacing.Z), footprint);
                    }
                }
            }
        }

        geometry.Input.Normalize(values);
        return values;
    }

    /// <summary>
    /// <paramref name="views"/> planes through the centre: 3 = axial (rows posterior, columns left),
    /// coronal and sagittal (rows caudal, columns left or posterior), as the 3-view model was trained;
    /// 9 = those three and the six diagonal planes.
    /// </summary>
    public static float[] Views2d(CtVolume volume, Vector3D centre, int views, VolumeResampling resampling = VolumeResampling.Point)
    {
        if (views == 3)
        {
            return Views2d(volume, centre, resampling);
        }

        _ = Input2dOf(views);
        var (cc, cr, cs) = volume.ToVoxel(centre);
        var plane = Side2d * Side2d;
        var values = new float[views * plane];
        var step = ViewMm / Side2d;
        for (var p = 0; p < views; p++)
        {
            var (row, column) = Planes[p];
            // A view pixel's footprint is its square in the plane (a plane has no thickness to average over).
            var footprint = SampleFootprint.Of(volume, resampling, (row.X * step, row.Y * step, row.Z * step), (column.X * step, column.Y * step, column.Z * step));
            for (var i = 0; i < Side2d; i++)
            {
                var a = (i - ((Side2d - 1) / 2.0)) * step;
                for (var j = 0; j < Side2d; j++)
                {
                    var b = (j - ((Side2d - 1) / 2.0)) * step;
                    var (x, y, z) = ((a * row.X) + (b * column.X), (a * row.Y) + (b * column.Y), (a * row.Z) + (b * column.Z));
                    values[(p * plane) + (i * Side2d) + j] = volume.Sample(cc + (x / volume.Spacing.X), cr + (y / volume.Spacing.Y), cs + (z / volume.Spacing.Z), footprint);
                }
            }
        }

        Input2d9.Normalize(values);
        return values;
    }

    /// <summary>Axial (rows posterior, columns left), coronal and sagittal (rows caudal, columns left or posterior) views.</summary>
    public static float[] Views2d(CtVolume volume, Vector3D centre, VolumeResampling resampling = VolumeResampling.Point)
    {
        var (cc, cr, cs) = volume.ToVoxel(centre);
        var plane = Side2d * Side2d;
        var values = new float[3 * plane];
        var step = ViewMm / Side2d;
        var axial = SampleFootprint.Of(volume, resampling, (0, step, 0), (step, 0, 0));
        var coronal = SampleFootprint.Of(volume, resampling, (0, 0, step), (step, 0, 0));
        var sagittal = SampleFootprint.Of(volume, resampling, (0, 0, step), (0, step, 0));
        for (var i = 0; i < Side2d; i++)
        {
            var a = (i - ((Side2d - 1) / 2.0)) * step;
            for (var j = 0; j < Side2d; j++)
            {
                var b = (j - ((Side2d - 1) / 2.0)) * step;
                var du = b / volume.Spacing.X;
                values[(i * Side2d) + j] = volume.Sample(cc + du, cr + (a / volume.Spacing.Y), cs, axial);
                values[plane + (i * Side2d) + j] = volume.Sample(cc + du, cr, cs - (a / volume.Spacing.Z), coronal);
                values[(2 * plane) + (i * Side2d) + j] = volume.Sample(cc, cr + (b / volume.Spacing.Y), cs - (a / volume.Spacing.Z), sagittal);
            }
        }

        Input2d.Normalize(values);
        return values;
    }
}
