using RadCnn.Plugins.Segmentation.Uterus;

namespace RadCnn.Bench.Segmentation;

/// <summary>`--uterus --flip`: test-time flip averaging, the mean of the model's maps on the slice and on its column-mirrored copy (mirrored back).</summary>
internal sealed class FlipAveragingSliceModel(ISliceModel inner) : ISliceModel
{
    public async Task<float[]> PredictAsync(float[] planes, CancellationToken cancellationToken)
    {
        var direct = await inner.PredictAsync(planes, cancellationToken).ConfigureAwait(false);
        var mirrored = await inner.PredictAsync(Mirror(planes), cancellationToken).ConfigureAwait(false);
        var back = Mirror(mirrored);
        for (var i = 0; i < direct.Length; i++)
        {
            direct[i] = 0.5f * (direct[i] + back[i]);
        }

        return direct;
    }

    /// <summary>Every S×S plane mirrored left to right.</summary>
    private static float[] Mirror(float[] planes)
    {
        const int Size = MrSlices.Size;
        var output = new float[planes.Length];
        for (var row = 0; row < planes.Length / Size; row++)
        {
            for (var x = 0; x < Size; x++)
            {
                output[(row * Size) + x] = planes[(row * Size) + Size - 1 - x];
            }
        }

        return output;
    }
}
