using RadCnn.Plugins.Classification.Preprocessing;

namespace RadCnn.Plugins.Classification.Training;

/// <summary>
/// `radcnn train classification-3d-fine`: the 3D CNN of `classification-3d` on a finer first cube, 16 mm at
/// 24³ (0.67 mm steps instead of 20 mm at 16³, 1.25 mm), with the 32 and 48 mm context cubes also at 24³,
/// trained on 256-matrix phantoms (1.2-1.8 mm pixels). On 512 scans the shipped 16³ cubes sample the source
/// more coarsely than its voxels, which caps what an 8 mm nodule's margin can tell; this input does not.
/// The network pools globally, so it is the same network (and takes the shipped weights with --from);
/// only the input is larger (3.4 times the voxels). A candidate, not shipped: the plugin runs the 16³ model.
/// </summary>
public sealed class Classification3dFineRecipe : Classification3dRecipe
{
    /// <summary>16, 32 and 48 mm cubes at 24³.</summary>
    internal static Patch3dGeometry Geometry { get; } = new(24, [16, 32, 48]);

    public override string Task => "classification-3d-fine";

    public override string Description => "Lung nodule candidates on chest CT (not a nodule, benign, malignant): the 3D CNN of classification-3d on 16/32/48 mm cubes at 24^3, trained on 256-matrix phantoms (1.2-1.8 mm pixels) (synthetic phantoms; not for clinical use).";

    public override string Architecture =>
        "3D CNN: 16/32/48 mm cubes resampled to 24^3 as 3 channels, HU window -1000..400 to 0..1; stem conv 3^3-12, BN, max pool; "
        + "3D inception block (1^3 | 1^3-3^3 | 1^3-3^3-3^3 | pool-1^3) to 24 channels, max pool, 3D inception block to 48; global average pool, dropout 0.3, FC 48-32-3; trained on 256x256x64 phantoms";

    internal override int PhantomSize => 256;

    internal override Patch3dGeometry Geometry3d => Geometry;
}
