using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;
using RadCnn.Host.Web.Security;
using SkiaSharp;

namespace RadCnn.Host.Web.DicomWeb;

/// <summary>
/// WADO-RS pixel data of RadCnn's results (PS3.18 10.4): frames
/// (<c>.../instances/{sop}/frames/{1,2,...}</c>, multipart/related of application/octet-stream
/// parts, native little-endian pixels as DICOM stores them) and rendered pictures
/// (<c>.../instances/{sop}/rendered</c> and <c>.../frames/{n}/rendered</c>, PNG by default or JPEG,
/// with an optional <c>window=center,width[,function]</c> and JPEG <c>quality</c>). A malformed
/// frame list or parameter is a 400, an unknown instance or frame a 404, a media type RadCnn cannot
/// answer with a 406.
/// </summary>
internal static class WadoFrameEndpoints
{
    private const string Instance = "/studies/{study}/series/{series}/instances/{instance}";

    public static void Map(IEndpointRouteBuilder app)
    {
        var web = app.MapGroup("/dicom-web").RequireAuthorization(WebRoles.CanView);
        web.MapGet(Instance + "/frames/{frames}", (string study, string series, string instance, string frames, HttpContext c, ResultIndex index) =>
            Frames(c, Find(index, study, series, instance), frames));
        web.MapGet(Instance + "/rendered", (string study, string series, string instance, HttpContext c, ResultIndex index) =>
            Rendered(c, Find(index, study, series, instance), "1"));
        web.MapGet(Instance + "/frames/{frame}/rendered", (string study, string series, string instance, string frame, HttpContext c, ResultIndex index) =>
            Rendered(c, Find(index, study, series, instance), frame));
    }

    private static ResultInstance? Find(ResultIndex index, string study, string series, string instance) =>
        index.All().FirstOrDefault(i => i.StudyInstanceUid == study && i.SeriesInstanceUid == series && i.SopInstanceUid == instance);

    private static IResult Frames(HttpContext context, ResultInstance? found, string list)
    {
        if (ParseFrames(list) is not { } numbers)
        {
            return Problem(400, "frames must be a comma-separated list of frame numbers from 1");
        }

        if (!Accepts(context, "multipart/related", "application/octet-stream"))
        {
            return Problem(406, "frames are answered as multipart/related; type=\"application/octet-stream\"");
        }

        if (found is null)
        {
            return Problem(404, "no such instance among RadCnn's results");
        }

        if (Pixels(found) is not { } pixels)
        {
            return Problem(404, "the instance has no pixel data");
        }

        if (numbers.FirstOrDefault(n => n > pixels.NumberOfFrames) is var missing and > 0)
        {
            return Problem(404, string.Create(CultureInfo.InvariantCulture, $"frame {missing} does not exist; the instance has {pixels.NumberOfFrames}"));
        }

        // Native pixels, and RLE decoded by GetFrameBytes, are explicit VR little endian; other encapsulated frames go as stored.
        var syntax = pixels.TransferSyntax.IsEncapsulated && !pixels.TransferSyntax.Equals(DicomTransferSyntax.RLELossless)
            ? pixels.TransferSyntax.Uid.Value : DicomTransferSyntax.ExplicitVRLittleEndian.Uid.Value;
        var boundary = "radcnn-" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        foreach (var n in numbers)
        {
            var bytes = pixels.GetFrameBytes(n - 1);
            body.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"--{boundary}\r\nContent-Type: application/octet-stream; transfer-syntax={syntax}\r\nContent-Length: {bytes.Length}\r\n\r\n")));
            body.Write(bytes);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        return Results.Bytes(body.ToArray(), $"multipart/related; type=\"application/octet-stream\"; boundary={boundary}");
    }

    private static IResult Rendered(HttpContext context, ResultInstance? found, string frameText)
    {
        if (!int.TryParse(frameText, NumberStyles.None, CultureInfo.InvariantCulture, out var frame) || frame < 1)
        {
            return Problem(400, "the frame number must be a whole number from 1");
        }

        var query = context.Request.Query;
        if (query.Keys.FirstOrDefault(k => k is not ("window" or "quality")) is { } unknown)
        {
            return Problem(400, $"'{unknown}' is not a parameter of rendered (window, quality)");
        }

        DicomVoiWindow? window = null;
        if (query["window"].ToString() is { Length: > 0 } windowText && (window = ParseWindow(windowText)) is null)
        {
            return Problem(400, "window must be center,width[,function] with width above 0 and function linear, linear_exact or sigmoid");
        }

        var quality = 90;
        if (query["quality"].ToString() is { Length: > 0 } qualityText
            && (!int.TryParse(qualityText, NumberStyles.None, CultureInfo.InvariantCulture, out quality) || quality is < 1 or > 100))
        {
            return Problem(400, "quality must be a whole number from 1 to 100");
        }

        var format = MediaType(context);
        if (format is null)
        {
            return Problem(406, "rendered pictures are image/png or image/jpeg");
        }

        if (found is null)
        {
            return Problem(404, "no such instance among RadCnn's results");
        }

        if (Pixels(found) is not { } pixels)
        {
            return Problem(404, "the instance has no pixel data");
        }

        if (frame > pixels.NumberOfFrames)
        {
            return Problem(404, string.Create(CultureInfo.InvariantCulture, $"frame {frame} does not exist; the instance has {pixels.NumberOfFrames}"));
        }

        float[] values;
        try
        {
            values = pixels.GetDisplayValues<float>(frame - 1, window);
        }
        catch (NotSupportedException ex)
        {
            return Problem(406, ex.Message);
        }

        var (rows, columns, samples) = (pixels.Rows, pixels.Columns, pixels.SamplesPerPixel);
        using var bitmap = new SKBitmap(new SKImageInfo(columns, rows, samples == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
        var target = new byte[rows * columns * (samples == 1 ? 1 : 4)];
        for (var p = 0; p < rows * columns; p++)
        {
            if (samples == 1)
            {
                target[p] = Byte(values[p]);
            }
            else
            {
                target[(p * 4) + 0] = Byte(values[(p * samples) + 0]);
                target[(p * 4) + 1] = Byte(values[(p * samples) + 1]);
                target[(p * 4) + 2] = Byte(values[(p * samples) + 2]);
                target[(p * 4) + 3] = 255;
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(target, 0, bitmap.GetPixels(), target.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format == "image/jpeg" ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, format == "image/jpeg" ? quality : 100);
        return Results.Bytes(data.ToArray(), format);
    }

    private static byte Byte(float unit) => (byte)Math.Clamp(MathF.Round(unit * 255f), 0f, 255f);

    private static DicomPixelData? Pixels(ResultInstance instance)
    {
        var file = DicomFile.Open(instance.Path);
        return file.Dataset.GetItem(DicomTag.PixelData) is null ? null : DicomPixelData.Create(file);
    }

    private static List<int>? ParseFrames(string text)
    {
        var numbers = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                return null;
            }

            numbers.Add(n);
        }

        return numbers.Count is > 0 and <= 10_000 ? numbers : null;
    }

    private static DicomVoiWindow? ParseWindow(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var center)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var width) || !(width > 0) || !double.IsFinite(center))
        {
            return null;
        }

        var function = parts.Length == 3 ? parts[2].ToUpperInvariant() : "LINEAR";
        return function is "LINEAR" or "LINEAR_EXACT" or "SIGMOID" ? new DicomVoiWindow(center, width, function) : null;
    }

    /// <summary>Whether the Accept header allows one of the types (absent, */* or the type's family allow all).</summary>
    private static bool Accepts(HttpContext context, params string[] types)
    {
        var accept = context.Request.Headers.Accept.ToString();
        return accept.Length == 0 || accept.Contains("*/*", StringComparison.Ordinal) || types.Any(t => accept.Contains(t, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>image/png or image/jpeg, the first the Accept header allows in its own order; PNG where it allows any.</summary>
    private static string? MediaType(HttpContext context)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Length == 0)
        {
            return "image/png";
        }

        foreach (var range in accept.Split(',').Select(r => r.Split(';')[0].Trim().ToLowerInvariant()))
        {
            switch (range)
            {
                case "image/png" or "image/*" or "*/*":
                    return "image/png";
                case "image/jpeg" or "image/jpg":
                    return "image/jpeg";
            }
        }

        return null;
    }

    private static IResult Problem(int status, string detail) => Results.Problem(detail, statusCode: status);
}
