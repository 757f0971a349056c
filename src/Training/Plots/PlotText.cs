using RadCnn.Dicom.Iods;
using SkiaSharp;

namespace RadCnn.Training.Plots;

/// <summary>
/// Text for the plots. Skia draws with a real typeface where the system has one (DejaVu Sans and the
/// like); the Debian userland that runs libtorch has no fonts, and SkiaSharp's self-contained native
/// library has no font fallback, so labels are then drawn with RadCnn.Dicom's 5×7 pixel font (upper case;
/// the glyphs of the burned-in legends, visible to this assembly through InternalsVisibleTo).
/// </summary>
internal static class PlotText
{
    private static readonly string[] FontFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    ];

    private static readonly Lazy<SKTypeface?> Typeface = new(FindTypeface);

    /// <summary>Width of <paramref name="text"/> in pixels at <paramref name="size"/>.</summary>
    public static float Measure(string text, float size)
    {
        if (Typeface.Value is { } typeface)
        {
            using var font = new SKFont(typeface, size);
            return font.MeasureText(text);
        }

        return ((text.Length * BitmapFont.Advance) - 1) * Math.Max(1, (int)Math.Round(size / 8));
    }

    /// <summary>Draws <paramref name="text"/> with its baseline at <paramref name="y"/>, aligned on <paramref name="x"/>.</summary>
    public static void Draw(SKCanvas canvas, string text, float x, float y, SKTextAlign align, float size, SKPaint paint)
    {
        if (Typeface.Value is { } typeface)
        {
            using var font = new SKFont(typeface, size);
            canvas.DrawText(text, x, y, align, font, paint);
            return;
        }

        var scale = Math.Max(1, (int)Math.Round(size / 8));
        var width = ((text.Length * BitmapFont.Advance) - 1) * scale;
        var left = align switch
        {
            SKTextAlign.Center => x - (width / 2f),
            SKTextAlign.Right => x - width,
            _ => x,
        };
        var top = y - (BitmapFont.GlyphHeight * scale);
        using var fill = new SKPaint { Color = paint.Color, Style = SKPaintStyle.Fill, IsAntialias = false };
        foreach (var c in text)
        {
            var glyph = BitmapFont.Glyph(c);
            for (var row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (var col = 0; col < BitmapFont.GlyphWidth; col++)
                {
                    if ((glyph[row] & (0x10 >> col)) != 0)
                    {
                        canvas.DrawRect(left + (col * scale), top + (row * scale), scale, scale, fill);
                    }
                }
            }

            left += BitmapFont.Advance * scale;
        }
    }

    private static SKTypeface? FindTypeface()
    {
        foreach (var file in FontFiles.Where(File.Exists))
        {
            if (SKTypeface.FromFile(file) is { GlyphCount: > 0 } typeface)
            {
                return typeface;
            }
        }

        return SKTypeface.Default is { GlyphCount: > 0 } fallback ? fallback : null;
    }
}
