namespace RadCnn.Plugins.Detection.Preprocessing;

/// <summary>
/// A radiograph as network input (side x side, normalised) and where the image lies inside it after
/// resizing with its aspect kept: heat maps are cropped to that rectangle before mapping them back.
/// </summary>
internal sealed record PreparedRadiograph(float[] Pixels, int Side, int Top, int Left, int Height, int Width)
{
    /// <summary>Crops a side x side map to the image's rectangle (row by row).</summary>
    public float[] CropToImage(ReadOnlySpan<float> map)
    {
        var cropped = new float[Height * Width];
        for (var r = 0; r < Height; r++)
        {
            map.Slice(((Top + r) * Side) + Left, Width).CopyTo(cropped.AsSpan(r * Width));
        }

        return cropped;
    }
}
