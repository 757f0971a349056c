namespace RadCnn.Dicom.Iods;

/// <summary>
/// Turns modality values into display pixels: VOI windowing, bilinear scaling, heat-map and mask
/// blending, and the "AI output" legend burned into every rendered result.
/// </summary>
internal static class ImageRendering
{
    public const string Disclaimer = "AI OUTPUT - NOT FOR DIAGNOSIS";
    public static readonly (byte R, byte G, byte B) White = (255, 255, 255);
    public static readonly (byte R, byte G, byte B) Warning = (255, 210, 0);

    /// <summary>The window to display with: the caller's, else the source's first Window Center/Width, else the pixel range.</summary>
    public static (double Center, double Width) ResolveWindow(DicomDataset? source, ReadOnlySpan<float> pixels, (double Center, double Width)? window)
    {
        if (window is { Width: > 0 } given)
        {
            return given;
        }

        if (source is not null
            && source.TryGetSingleValue<double>(DicomTag.WindowCenter, out var center)
            && source.TryGetSingleValue<double>(DicomTag.WindowWidth, out var width)
            && width > 0)
        {
            return (center, width);
        }

        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in pixels)
        {
            if (float.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        return float.IsFinite(min) && max > min ? ((min + max) / 2.0, max - min) : (0, 1);
    }

    /// <summary>True for MONOCHROME1 sources (radiographs often are): high values are shown dark.</summary>
    public static bool IsInverted(DicomDataset? source) =>
        source is not null && source.GetStringOrDefault(DicomTag.PhotometricInterpretation) == "MONOCHROME1";

    /// <summary>A grey image of <paramref name="pixels"/> scaled by an integer factor (bilinear), windowed linearly (PS3.3 C.11.2.1.2).</summary>
    public static RgbCanvas Gray(ReadOnlySpan<float> pixels, int width, int height, int scale, (double Center, double Width) window, bool inverted = false)
    {
        var canvas = new RgbCanvas(width * scale, height * scale);
        var low = window.Center - 0.5 - (window.Width - 1) / 2;
        var range = Math.Max(window.Width - 1, 1e-6);
        for (var y = 0; y < canvas.Height; y++)
        {
            for (var x = 0; x < canvas.Width; x++)
            {
                var v = Sample(pixels, width, height, (x + 0.5f) / scale - 0.5f, (y + 0.5f) / scale - 0.5f);
                var g = (byte)Math.Clamp((v - low) / range * 255.0, 0, 255);
                if (inverted)
                {
                    g = (byte)(255 - g);
                }

                canvas.Set(x, y, g, g, g);
            }
        }

        return canvas;
    }

    /// <summary>Blends a 0-1 heat map (any size; resampled to the canvas area) with a jet colour map; below <paramref name="floor"/> stays clear.</summary>
    public static void BlendHeat(RgbCanvas canvas, ReadOnlySpan<float> heat, int width, int height, int areaWidth, int areaHeight, float opacity, float floor)
    {
        for (var y = 0; y < areaHeight; y++)
        {
            for (var x = 0; x < areaWidth; x++)
            {
                var h = Math.Clamp(Sample(heat, width, height, (x + 0.5f) * width / areaWidth - 0.5f, (y + 0.5f) * height / areaHeight - 0.5f), 0f, 1f);
                if (h >= floor)
                {
                    canvas.Blend(x, y, Jet(h), opacity * (0.4f + 0.6f * h));
                }
            }
        }
    }

    /// <summary>Tints a mask's pixels and draws its outline, for a mask of the image's size drawn at an integer scale at (x0, y0).</summary>
    public static void BlendMask(RgbCanvas canvas, ReadOnlySpan<float> mask, int width, int height, int scale, int x0, int y0, (byte R, byte G, byte B) color, float threshold = 0.5f)
    {
        bool Inside(ReadOnlySpan<float> m, int x, int y) => (uint)x < (uint)width && (uint)y < (uint)height && m[y * width + x] >= threshold;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (!Inside(mask, x, y))
                {
                    continue;
                }

                var edge = !Inside(mask, x - 1, y) || !Inside(mask, x + 1, y) || !Inside(mask, x, y - 1) || !Inside(mask, x, y + 1);
                for (var dy = 0; dy < scale; dy++)
                {
                    for (var dx = 0; dx < scale; dx++)
                    {
                        canvas.Blend(x0 + x * scale + dx, y0 + y * scale + dy, color, edge ? 0.9f : 0.35f);
                    }
                }
            }
        }
    }

    /// <summary>Blue (0) through cyan, green and yellow to red (1).</summary>
    public static (byte R, byte G, byte B) Jet(float t)
    {
        static byte C(float v) => (byte)(Math.Clamp(v, 0f, 1f) * 255f);
        return (C(1.5f - Math.Abs(4 * t - 3)), C(1.5f - Math.Abs(4 * t - 2)), C(1.5f - Math.Abs(4 * t - 1)));
    }

    /// <summary>The largest integer text scale at which every line fits the width (at least 1).</summary>
    public static int TextScale(int width, IEnumerable<string> lines)
    {
        var widest = lines.Max(l => BitmapFont.Measure(l, 1));
        return Math.Max(1, (width - 8) / Math.Max(widest, 1));
    }

    /// <summary>Height of a legend band for <paramref name="lineCount"/> lines (and a colour bar) at a text scale.</summary>
    public static int LegendHeight(int lineCount, int scale, bool colorBar) =>
        (4 + lineCount * (BitmapFont.GlyphHeight + 3) + (colorBar ? BitmapFont.GlyphHeight + 6 : 0)) * scale;

    /// <summary>Draws a black legend band from row <paramref name="top"/>: the disclaimer line first in amber, then the others, then an optional colour bar.</summary>
    public static void DrawLegend(RgbCanvas canvas, int top, IReadOnlyList<string> lines, int scale, bool colorBar)
    {
        canvas.Fill(0, top, canvas.Width, canvas.Height - top, (0, 0, 0));
        var y = top + 3 * scale;
        for (var i = 0; i < lines.Count; i++)
        {
            BitmapFont.Draw(canvas, 4, y, lines[i], scale, i == 0 ? Warning : White);
            y += (BitmapFont.GlyphHeight + 3) * scale;
        }

        if (colorBar)
        {
            var low = BitmapFont.Measure("LOW ", scale);
            var high = BitmapFont.Measure(" HIGH", scale);
            BitmapFont.Draw(canvas, 4, y, "LOW", scale, White);
            var barStart = 4 + low;
            var barEnd = canvas.Width - 4 - high;
            for (var x = barStart; x < barEnd; x++)
            {
                var color = Jet((x - barStart) / (float)Math.Max(barEnd - barStart - 1, 1));
                canvas.Fill(x, y, 1, BitmapFont.GlyphHeight * scale, color);
            }

            BitmapFont.Draw(canvas, barEnd + BitmapFont.Measure(" ", scale) + scale, y, "HIGH", scale, White);
        }
    }

    /// <summary>Bilinear sample at (x, y) in pixel-centre coordinates, clamped at the edges.</summary>
    public static float Sample(ReadOnlySpan<float> image, int width, int height, float x, float y)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var fx = x - x0;
        var fy = y - y0;
        var top = image[y0 * width + x0] * (1 - fx) + image[y0 * width + x1] * fx;
        var bottom = image[y1 * width + x0] * (1 - fx) + image[y1 * width + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
