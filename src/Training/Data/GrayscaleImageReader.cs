using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;

namespace RadCnn.Training.Data;

/// <summary>
/// Reads the first frame of a grayscale image as modality values (Modality LUT, or Rescale Slope and
/// Intercept, applied) through RadCnn.Dicom's pixel data: native pixels in any byte order and RLE
/// Lossless; other compressed syntaxes are refused with RadCnn.Dicom's message naming the syntax.
/// MONOCHROME1 is negated so that higher always means more attenuation, as in MONOCHROME2.
/// Every error names the file, so a bad file in a folder of thousands can be found.
/// </summary>
internal static class GrayscaleImageReader
{
    public static (float[] Values, int Height, int Width) Read(DicomFile file, string path)
    {
        var ds = file.Dataset;
        if (!ds.Contains(DicomTag.PixelData))
        {
            var sopClass = ds.GetStringOrDefault(DicomTag.SOPClassUID, "unknown");
            throw new DatasetException($"{path} is not an image: it has no Pixel Data (SOP Class {sopClass})");
        }

        try
        {
            var pixelData = DicomPixelData.Create(file);
            var photometric = pixelData.PhotometricInterpretation;
            if (pixelData.SamplesPerPixel != 1 || !photometric.StartsWith("MONOCHROME", StringComparison.Ordinal))
            {
                throw new DatasetException($"{path}: {photometric} with {pixelData.SamplesPerPixel} samples per pixel; only grayscale (MONOCHROME1/2) images are used for training");
            }

            var values = pixelData.GetModalityValues<float>(0);
            if (photometric == "MONOCHROME1")
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = -values[i];
                }
            }

            return (values, pixelData.Rows, pixelData.Columns);
        }
        catch (DicomUnsupportedTransferSyntaxException e)
        {
            throw new DatasetException($"{path}: {e.Message}; convert it to Explicit VR Little Endian (dcmdjpeg, dcmconv +te)", e);
        }
        catch (DicomPixelDataException e)
        {
            throw new DatasetException($"{path}: {e.Message}", e);
        }
    }
}
