namespace RadCnn.Plugins.Denoising.Science;

/// <summary>
/// The noise reduction a reader would measure with an ROI in a homogeneous region. The region is
/// chosen on the input alone (the soft-tissue window with the lowest standard deviation), so the
/// choice cannot favour the output; both images are then measured in it.
/// </summary>
internal sealed record NoiseRegion(int Top, int Left, int Side, double InputMeanHu, double InputSdHu, double OutputMeanHu, double OutputSdHu)
{
    /// <summary>Input SD over output SD: 2 means the noise was halved.</summary>
    public double Reduction => OutputSdHu > 0 ? InputSdHu / OutputSdHu : double.PositiveInfinity;

    public static NoiseRegion? Find(float[] input, float[] output, int rows, int columns, int side)
    {
        NoiseRegion? best = null;
        var step = Math.Max(2, side / 4);
        for (var top = 0; top + side <= rows; top += step)
        {
            for (var left = 0; left + side <= columns; left += step)
            {
                var (mean, sd) = Stats(input, columns, top, left, side);
                if (mean is < -150 or > 250 || (best is not null && sd >= best.InputSdHu))
                {
                    continue;
                }

                var (outMean, outSd) = Stats(output, columns, top, left, side);
                best = new NoiseRegion(top, left, side, mean, sd, outMean, outSd);
            }
        }

        return best;
    }

    internal static (double Mean, double Sd) Stats(float[] image, int columns, int top, int left, int side)
    {
        double sum = 0, squares = 0;
        for (var r = top; r < top + side; r++)
        {
            for (var c = left; c < left + side; c++)
            {
                double v = image[(r * columns) + c];
                sum += v;
                squares += v * v;
            }
        }

        var n = (double)side * side;
        var mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean))));
    }
}
