namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>
/// One rendered pelvic MR phantom: stored pixel values and labels (0 background, 1 uterus, 2 tumour,
/// which is part of the uterus) on its grid, [slice][row][column], with the tumour drawn (if any) and the
/// depth of invasion it reached in the rendered voxels (fraction of the wall, 0-1).
/// </summary>
public sealed record PelvisMrCase(string Id, MrGrid Grid, float[] Pixels, byte[] Labels, UterineTumour? Tumour, double? InvasionDepth)
{
    public float[] UterusMask() => Labels.Select(l => l >= 1 ? 1f : 0f).ToArray();

    public float[] TumourMask() => Labels.Select(l => l == 2 ? 1f : 0f).ToArray();

    public double UterusVolumeMl => Labels.Count(l => l >= 1) * Grid.VoxelVolumeMl;

    public double TumourVolumeMl => Labels.Count(l => l == 2) * Grid.VoxelVolumeMl;
}
