namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>
/// One rendered abdominal CT phantom: HU values and labels (0 background, 1 liver, 2 liver mass) on
/// its grid, [slice][row][column], and the masses placed in it.
/// </summary>
public sealed record AbdomenCtCase(string Id, CtGrid Grid, float[] Hu, byte[] Labels, IReadOnlyList<AbdomenMass> Masses)
{
    /// <summary>Liver mask (liver and masses) as 0/1 floats.</summary>
    public float[] LiverMask() => Labels.Select(l => l >= 1 ? 1f : 0f).ToArray();

    /// <summary>Mass mask as 0/1 floats.</summary>
    public float[] MassMask() => Labels.Select(l => l == 2 ? 1f : 0f).ToArray();

    public double LiverVolumeMl => Labels.Count(l => l >= 1) * Grid.VoxelVolumeMl;
}
