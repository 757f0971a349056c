using RadCnn.Training.Data;

namespace RadCnn.Plugins.Classification.Preprocessing;

/// <summary>
/// The 3D CNN's multi-scale input: cubes of <see cref="ScalesMm"/> around a candidate, each resampled to
/// <see cref="Side"/>³ voxels and stacked as channels. The shipped geometry is 20, 32 and 48 mm at 16³
/// (<see cref="PatchExtractor.Geometry3d"/>); a finer first cube samples a small nodule's margin closer to
/// the source voxels of a fine scan. The network pools globally, so it takes any side.
/// </summary>
internal sealed record Patch3dGeometry(int Side, IReadOnlyList<double> ScalesMm)
{
    /// <summary>The window every input is normalised with (recorded in model.json), channels = scales × side.</summary>
    public InputSpec Input { get; } = new(ScalesMm.Count * Side, Side, Side, NormalizationKind.Window, -300, 1400);

    /// <summary>Shape the engine sees: scales × depth × height × width.</summary>
    public long[] Shape => [ScalesMm.Count, Side, Side, Side];

    public string Describe() => FormattableString.Invariant($"{string.Join('/', ScalesMm)} mm cubes at {Side}^3");
}
