namespace RadCnn.Dicom.Iods;

/// <summary>
/// An 8-bit RGB raster (interleaved, row by row) to draw result images on: windowed grey levels,
/// blended heat maps and masks, rectangles and text. What both the secondary capture and the PNG
/// previews are made of.
/// </summary>
internal sealed class RgbCanvas
{
    public RgbCanvas(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public void Set(int x, int y, byte r, byte g, byte b)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }

        var i = (y * Width + x) * 3;
        Pixels[i] = r;
        Pixels[i + 1] = g;
        Pixels[i + 2] = b;
    }

    /// <summary>Mixes a colour into a pixel: alpha 0 leaves it, 1 replaces it.</summary>
    public void Blend(int x, int y, (byte R, byte G, byte B) color, float alpha)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || alpha <= 0)
        {
            return;
        }

        alpha = Math.Min(alpha, 1f);
        var i = (y * Width + x) * 3;
        Pixels[i] = (byte)(Pixels[i] * (1 - alpha) + color.R * alpha + 0.5f);
        Pixels[i + 1] = (byte)(Pixels[i + 1] * (1 - alpha) + color.G * alpha + 0.5f);
        Pixels[i + 2] = (byte)(Pixels[i + 2] * (1 - alpha) + color.B * alpha + 0.5f);
    }

    public void Fill(int x, int y, int width, int height, (byte R, byte G, byte B) color)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(Height, y + height); yy++)
        {
            for (var xx = Math.Max(0, x); xx < Math.Min(Width, x + width); xx++)
            {
                Set(xx, yy, color.R, color.G, color.B);
            }
        }
    }

    /// <summary>Copies another canvas in at (x, y).</summary>
    public void Draw(RgbCanvas source, int x, int y)
    {
        for (var yy = 0; yy < source.Height; yy++)
        {
            for (var xx = 0; xx < source.Width; xx++)
            {
                var i = (yy * source.Width + xx) * 3;
                Set(x + xx, y + yy, source.Pixels[i], source.Pixels[i + 1], source.Pixels[i + 2]);
            }
        }
    }
}
