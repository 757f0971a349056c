namespace RadCnn.Training.Data;

/// <summary>Resizes single-channel images held as row-major arrays (bilinear for images, nearest for masks).</summary>
public static class ImageResampler
{
    /// <summary>Bilinear resize with pixel centres aligned (as torch's interpolate with align_corners=false).</summary>
    public static float[] Bilinear(ReadOnlySpan<float> source, int height, int width, int newHeight, int newWidth)
    {
        if (height == newHeight && width == newWidth)
        {
            return source.ToArray();
        }

        var result = new float[newHeight * newWidth];
        var sy = (double)height / newHeight;
        var sx = (double)width / newWidth;
        for (var r = 0; r < newHeight; r++)
        {
            var y = Math.Clamp(((r + 0.5) * sy) - 0.5, 0, height - 1);
            var y0 = (int)y;
            var y1 = Math.Min(y0 + 1, height - 1);
            var fy = y - y0;
            for (var c = 0; c < newWidth; c++)
            {
                var x = Math.Clamp(((c + 0.5) * sx) - 0.5, 0, width - 1);
                var x0 = (int)x;
                var x1 = Math.Min(x0 + 1, width - 1);
                var fx = x - x0;
                var top = (source[(y0 * width) + x0] * (1 - fx)) + (source[(y0 * width) + x1] * fx);
                var bottom = (source[(y1 * width) + x0] * (1 - fx)) + (source[(y1 * width) + x1] * fx);
                result[(r * newWidth) + c] = (float)((top * (1 - fy)) + (bottom * fy));
            }
        }

        return result;
    }

    /// <summary>Nearest-neighbour resize, which keeps mask labels exact.</summary>
    public static float[] Nearest(ReadOnlySpan<float> source, int height, int width, int newHeight, int newWidth)
    {
        var result = new float[newHeight * newWidth];
        for (var r = 0; r < newHeight; r++)
        {
            var y = Math.Min(height - 1, (int)((r + 0.5) * height / newHeight));
            for (var c = 0; c < newWidth; c++)
            {
                var x = Math.Min(width - 1, (int)((c + 0.5) * width / newWidth));
                result[(r * newWidth) + c] = source[(y * width) + x];
            }
        }

        return result;
    }
}
