using System.Buffers.Binary;
using RadCnn.Dicom;

namespace RadCnn.Training.Data;

/// <summary>
/// Reads the first frame of native (uncompressed, little-endian) grayscale pixel data as modality
/// values (Rescale Slope and Intercept applied). MONOCHROME1 is negated so that higher always means
/// more attenuation, as in MONOCHROME2.
/// </summary>
/// <remarks>Compressed transfer syntaxes are refused with a clear error until RadCnn.Dicom decodes them.</remarks>
internal static class NativePixelReader
{
    public static (float[] Values, int Height, int Width) Read(DicomFile file, string path)
    {
        var ds = file.Dataset;
        if (ds.GetItem(DicomTag.PixelData) is not DicomElement pixelData)
        {
            var sopClass = ds.GetStringOrDefault(DicomTag.SOPClassUID, "unknown");
            throw new DatasetException($"{path} is not an image: it has no Pixel Data (SOP Class {sopClass})");
        }

        var syntax = file.TransferSyntax;
        if (syntax.IsEncapsulated || syntax.IsBigEndian)
        {
            throw new DatasetException($"{path}: pixel data in {syntax.Name} is not supported yet; convert to Explicit VR Little Endian (dcmdjpeg, dcmconv +te)");
        }

        var rows = ds.GetSingleValueOrDefault<int>(DicomTag.Rows, 0);
        var columns = ds.GetSingleValueOrDefault<int>(DicomTag.Columns, 0);
        var samples = ds.GetSingleValueOrDefault<int>(DicomTag.SamplesPerPixel, 1);
        var bitsAllocated = ds.GetSingleValueOrDefault<int>(DicomTag.BitsAllocated, 0);
        var bitsStored = ds.GetSingleValueOrDefault<int>(DicomTag.BitsStored, bitsAllocated);
        var signed = ds.GetSingleValueOrDefault<int>(DicomTag.PixelRepresentation, 0) == 1;
        var photometric = ds.GetStringOrDefault(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        if (rows <= 0 || columns <= 0)
        {
            throw new DatasetException($"{path}: Rows and Columns are missing or zero");
        }

        if (samples != 1 || !photometric.StartsWith("MONOCHROME", StringComparison.Ordinal))
        {
            throw new DatasetException($"{path}: {photometric} with {samples} samples per pixel; only grayscale (MONOCHROME1/2) images are used for training");
        }

        if (bitsAllocated is not (8 or 16))
        {
            throw new DatasetException($"{path}: {bitsAllocated} bits allocated; 8 or 16 expected");
        }

        var count = rows * columns;
        var bytesPerPixel = bitsAllocated / 8;
        if (pixelData.Length < (long)count * bytesPerPixel)
        {
            throw new DatasetException($"{path}: Pixel Data holds {pixelData.Length} bytes, fewer than {rows}x{columns}x{bytesPerPixel}");
        }

        var bytes = new byte[count * bytesPerPixel];
        pixelData.CopyBytes(0, bytes);
        var slope = ds.GetSingleValueOrDefault(DicomTag.RescaleSlope, 1.0);
        var intercept = ds.GetSingleValueOrDefault(DicomTag.RescaleIntercept, 0.0);
        var mask = bitsStored >= 32 ? uint.MaxValue : (1u << bitsStored) - 1;
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var stored = bytesPerPixel == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2)) : bytes[i];
            var value = (int)(stored & mask);
            if (signed && bitsStored < 32 && (value & (1 << (bitsStored - 1))) != 0)
            {
                value -= 1 << bitsStored; // sign-extend from the stored bits
            }

            var modality = (value * slope) + intercept;
            values[i] = (float)(photometric == "MONOCHROME1" ? -modality : modality);
        }

        return (values, rows, columns);
    }
}
