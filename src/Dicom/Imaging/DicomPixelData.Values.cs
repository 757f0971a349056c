using System.Buffers.Binary;
using System.Numerics;

namespace RadCnn.Dicom.Imaging;

/// <summary>
/// Frame values as numbers: stored values (Bits Stored and High Bit applied, signed values sign
/// extended), modality values (Modality LUT or rescale slope and intercept), and display values in
/// [0, 1] (VOI window, MONOCHROME1 inverted, YBR converted to RGB). Values are pixel by pixel with
/// samples interleaved (rows × columns × samples, as pydicom's pixel_array), or sample planes first
/// where <c>channelsFirst</c> is asked for (the layout of a CNN input tensor).
/// </summary>
public sealed partial class DicomPixelData
{
    /// <summary>The frame's stored values.</summary>
    public T[] GetStoredValues<T>(int frame, bool channelsFirst = false)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Convert<T>(DecodeStored(frame), channelsFirst);

    /// <summary>The frame's values after the modality LUT: a Modality LUT Sequence, else Rescale Slope and Intercept, else the stored values.</summary>
    public T[] GetModalityValues<T>(int frame, bool channelsFirst = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = DecodeStored(frame);
        ApplyModalityLut(values);
        return Convert<T>(values, channelsFirst);
    }

    /// <summary>
    /// The frame ready to show or to feed a network, each value in [0, 1]. Monochrome: modality
    /// values through <paramref name="window"/>, else the dataset's first VOI window, else the
    /// frame's own minimum and maximum; MONOCHROME1 inverted so that higher is always brighter.
    /// Colour: RGB, or YBR_FULL / YBR_FULL_422 converted to RGB, scaled by the largest stored value.
    /// </summary>
    /// <exception cref="NotSupportedException">The photometric interpretation (PALETTE COLOR, ...) has no conversion here.</exception>
    public T[] GetDisplayValues<T>(int frame, DicomVoiWindow? window = null, bool channelsFirst = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = DecodeStored(frame);
        switch (PhotometricInterpretation)
        {
            case "MONOCHROME1" or "MONOCHROME2" when SamplesPerPixel == 1:
                ApplyModalityLut(values);
                Window(values, window ?? GetDefaultWindow(), invert: PhotometricInterpretation == "MONOCHROME1");
                break;
            case "RGB" when SamplesPerPixel == 3:
                Scale(values);
                break;
            case "YBR_FULL" or "YBR_FULL_422" when SamplesPerPixel == 3:
                YbrToRgb(values);
                Scale(values);
                break;
            default:
                throw new NotSupportedException($"display values for {PhotometricInterpretation} with {SamplesPerPixel} samples per pixel are not available; use the stored values");
        }

        return Convert<T>(values, channelsFirst);
    }

    /// <summary>The first VOI window of the dataset (Window Center/Width, VOI LUT Function), or null.</summary>
    public DicomVoiWindow? GetDefaultWindow()
    {
        if (_dataset.TryGetSingleValue<double>(DicomTag.WindowCenter, out var center) && _dataset.TryGetSingleValue<double>(DicomTag.WindowWidth, out var width) && width > 0)
        {
            var function = _dataset.GetStringOrDefault(DicomTag.VOILUTFunction, "LINEAR").Trim().ToUpperInvariant();
            return new DicomVoiWindow(center, width, function.Length == 0 ? "LINEAR" : function);
        }

        return null;
    }

    /// <summary>Stored values of one frame, pixel-interleaved, as doubles (exact for every integer type up to 32 bits).</summary>
    private double[] DecodeStored(int frame)
    {
        var bytes = GetFrameBytes(frame);
        var pixels = Rows * Columns;
        var count = pixels * SamplesPerPixel;
        if (IsYbr422)
        {
            bytes = ExpandYbr422(bytes, pixels);
        }

        var values = new double[count];
        var planar = SamplesPerPixel > 1 && (_rle || PlanarConfiguration == 1);
        var bitOffset = BitsAllocated == 1 ? (int)(frame * (long)count % 8) : 0;
        var need = BitsAllocated == 1 ? (count + bitOffset + 7) / 8 : (long)count * (BitsAllocated / 8);
        if (bytes.Length < need)
        {
            throw new DicomPixelDataException($"frame {frame} has {bytes.Length} bytes where {need} are needed");
        }

        var shift = HighBit + 1 - BitsStored;
        var mask = BitsStored >= 32 ? uint.MaxValue : (1u << BitsStored) - 1;
        var signBit = 1u << (BitsStored - 1);
        for (var i = 0; i < count; i++)
        {
            var target = planar ? (i % pixels * SamplesPerPixel) + (i / pixels) : i;
            if (IsFloat)
            {
                values[target] = BitsAllocated == 32 ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)) : BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8));
                continue;
            }

            uint raw = BitsAllocated switch
            {
                1 => (uint)(bytes[(i + bitOffset) >> 3] >> ((i + bitOffset) & 7)) & 1,
                8 => bytes[i],
                16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2)),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4)),
            };
            var stored = (raw >> shift) & mask;
            values[target] = IsSigned && (stored & signBit) != 0 ? (double)stored - ((double)mask + 1) : stored;
        }

        return values;
    }

    /// <summary>YBR_FULL_422 (PS3.3 C.7.6.3.1.2): Y1 Y2 Cb Cr for each pair of pixels becomes Y1 Cb Cr Y2 Cb Cr.</summary>
    private byte[] ExpandYbr422(byte[] bytes, int pixels)
    {
        if (BitsAllocated != 8)
        {
            throw new DicomPixelDataException($"YBR_FULL_422 with Bits Allocated {BitsAllocated} is not supported");
        }

        var full = new byte[pixels * 3];
        for (int i = 0, o = 0; i + 3 < bytes.Length && o + 5 < full.Length; i += 4, o += 6)
        {
            full[o] = bytes[i];
            full[o + 3] = bytes[i + 1];
            full[o + 1] = full[o + 4] = bytes[i + 2];
            full[o + 2] = full[o + 5] = bytes[i + 3];
        }

        return full;
    }

    private void ApplyModalityLut(double[] values)
    {
        if (_dataset.TryGetSequence(DicomTag.ModalityLUTSequence, out var sequence) && sequence.Items.Count > 0)
        {
            var item = sequence.Items[0];
            if (item.TryGetValues<int>(DicomTag.LUTDescriptor, out var descriptor) && descriptor.Length == 3 && item.TryGetValues<ushort>(DicomTag.LUTData, out var lut) && lut.Length > 0)
            {
                var entries = descriptor[0] == 0 ? 65536 : descriptor[0];
                var first = descriptor[1];
                var last = Math.Min(entries, lut.Length) - 1;
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = lut[(int)Math.Clamp(values[i] - first, 0, last)];
                }

                return;
            }
        }

        if (_dataset.TryGetSingleValue<double>(DicomTag.RescaleSlope, out var slope) && _dataset.TryGetSingleValue<double>(DicomTag.RescaleIntercept, out var intercept))
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (values[i] * slope) + intercept;
            }
        }
    }

    private static void Window(double[] values, DicomVoiWindow? window, bool invert)
    {
        if (window is not null)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = window.Apply(values[i]);
            }
        }
        else
        {
            var min = values.Length == 0 ? 0 : values.Min();
            var max = values.Length == 0 ? 0 : values.Max();
            var range = max - min;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = range > 0 ? (values[i] - min) / range : 0;
            }
        }

        if (invert)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = 1 - values[i];
            }
        }
    }

    /// <summary>Full-range YCbCr to RGB (PS3.3 C.7.6.3.1.2), chrominance centred on half the range.</summary>
    private void YbrToRgb(double[] values)
    {
        var max = Math.Pow(2, BitsStored) - 1;
        var half = Math.Pow(2, BitsStored - 1);
        for (var i = 0; i + 2 < values.Length; i += 3)
        {
            var y = values[i];
            var cb = values[i + 1] - half;
            var cr = values[i + 2] - half;
            values[i] = Math.Clamp(y + (1.402 * cr), 0, max);
            values[i + 1] = Math.Clamp(y - (0.114 * 1.772 / 0.587 * cb) - (0.299 * 1.402 / 0.587 * cr), 0, max);
            values[i + 2] = Math.Clamp(y + (1.772 * cb), 0, max);
        }
    }

    private void Scale(double[] values)
    {
        var max = IsFloat ? 1 : Math.Pow(2, BitsStored) - 1;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= max;
        }
    }

    private T[] Convert<T>(double[] values, bool channelsFirst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        var samples = SamplesPerPixel;
        var pixels = values.Length / samples;
        for (var i = 0; i < values.Length; i++)
        {
            var target = channelsFirst && samples > 1 ? (i % samples * pixels) + (i / samples) : i;
            result[target] = T.CreateTruncating(values[i]);
        }

        return result;
    }
}
