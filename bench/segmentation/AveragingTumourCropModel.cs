using RadCnn.Plugins.Segmentation.Uterus;

namespace RadCnn.Bench.Segmentation;

/// <summary>`--uterus --tumour-ensemble W[,W...]`: the mean of several cascade tumour networks' maps on the same box slice (an ensemble of runs).</summary>
internal sealed class AveragingTumourCropModel(IReadOnlyList<ITumourCropModel> members) : ITumourCropModel
{
    public int Size => members[0].Size;

    public async Task<float[]> PredictAsync(float[] planes, CancellationToken cancellationToken)
    {
        var maps = await Task.WhenAll(members.Select(m => m.PredictAsync(planes, cancellationToken))).ConfigureAwait(false);
        var mean = new float[maps[0].Length];
        foreach (var map in maps)
        {
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += map[i] / maps.Length;
            }
        }

        return mean;
    }
}
