namespace RadCnn.Training.Data;

/// <summary>
/// An image as network input (the input's height x width, normalised) and where the image lies inside it
/// after resizing with its aspect ratio kept: outputs such as heat maps are cropped to that rectangle
/// before they are mapped back onto the image.
/// </summary>
/// <param name="Pixels">Height x width of the input, row by row.</param>
/// <param name="InputHeight">The input's height.</param>
/// <param name="InputWidth">The input's width.</param>
/// <param name="Top">First input row the image covers.</param>
/// <param name="Left">First input column the image covers.</param>
/// <param name="Height">Rows the image covers.</param>
/// <param name="Width">Columns the image covers.</param>
public sealed record PreparedImage(float[] Pixels, int InputHeight, int InputWidth, int Top, int Left, int Height, int Width)
{
    /// <summary>Crops an input-sized map to the image's rectangle (row by row).</summary>
    public float[] CropToImage(ReadOnlySpan<float> map)
    {
        if (map.Length < InputHeight * InputWidth)
        {
            throw new ArgumentException($"a map of {map.Length} values for a {InputHeight}x{InputWidth} input", nameof(map));
        }

        var cropped = new float[Height * Width];
        for (var r = 0; r < Height; r++)
        {
            map.Slice(((Top + r) * InputWidth) + Left, Width).CopyTo(cropped.AsSpan(r * Width));
        }

        return cropped;
    }
}
