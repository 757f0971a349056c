using RadCnn.Dicom;

namespace RadCnn.Plugins.Segmentation.Data;

/// <summary>
/// Reads a DICOM Segmentation (binary or fractional) back into one mask per segment over its source
/// slices: each frame is placed by its Referenced Segment Number and the SOP Instance UID of its source
/// image. What RadCnn writes it reads, and SEGs of other tools (3D Slicer, highdicom) with the same structure.
/// </summary>
internal static class SegmentationReader
{
    /// <summary>Masks per segment number, each [slice][row][column] in the order of <paramref name="sliceUids"/>, with each segment's type code and label.</summary>
    public static IReadOnlyList<(int Number, string TypeCode, string Label, bool[] Mask)> Read(DicomDataset seg, IReadOnlyList<string> sliceUids)
    {
        ArgumentNullException.ThrowIfNull(seg);
        var rows = seg.GetSingleValue<int>(DicomTag.Rows);
        var columns = seg.GetSingleValue<int>(DicomTag.Columns);
        var frames = seg.GetSingleValueOrDefault(DicomTag.NumberOfFrames, 1);
        var fractional = seg.GetStringOrDefault(DicomTag.SegmentationType).Trim() == "FRACTIONAL";
        var maximum = fractional ? seg.GetSingleValueOrDefault(DicomTag.MaximumFractionalValue, 255) : 1;
        var plane = rows * columns;
        var index = sliceUids.Select((uid, i) => (uid, i)).ToDictionary(t => t.uid, t => t.i, StringComparer.Ordinal);
        var segments = seg.GetSequence(DicomTag.SegmentSequence).Items.Select(item => (
            Number: item.GetSingleValue<int>(DicomTag.SegmentNumber),
            TypeCode: item.TryGetSequence(DicomTag.SegmentedPropertyTypeCodeSequence, out var type) && type.Items.Count > 0 ? type.Items[0].GetStringOrDefault(DicomTag.CodeValue).Trim() : string.Empty,
            Label: item.GetStringOrDefault(DicomTag.SegmentLabel).Trim(),
            Mask: new bool[sliceUids.Count * plane])).ToList();
        var element = seg.GetItem(DicomTag.PixelData) as DicomElement ?? throw new InvalidDataException("the segmentation has no pixel data");
        var bytes = element.GetBytes().Span;
        var groups = seg.GetSequence(DicomTag.PerFrameFunctionalGroupsSequence).Items;
        if (groups.Count != frames)
        {
            throw new InvalidDataException($"the segmentation has {frames} frames but {groups.Count} per-frame groups");
        }

        for (var f = 0; f < frames; f++)
        {
            var group = groups[f];
            var number = group.GetSequence(DicomTag.SegmentIdentificationSequence).Items[0].GetSingleValue<int>(DicomTag.ReferencedSegmentNumber);
            var derivation = group.GetSequence(DicomTag.DerivationImageSequence).Items[0];
            var source = derivation.GetSequence(DicomTag.SourceImageSequence).Items[0].GetString(DicomTag.ReferencedSOPInstanceUID).Trim();
            if (!index.TryGetValue(source, out var slice))
            {
                throw new InvalidDataException($"frame {f + 1} references an instance that is not in the series");
            }

            var segment = segments.First(s => s.Number == number);
            for (var p = 0; p < plane; p++)
            {
                var inside = fractional
                    ? bytes[(f * plane) + p] * 2 >= maximum
                    : ((bytes[(int)(((long)f * plane + p) >> 3)] >> (int)(((long)f * plane + p) & 7)) & 1) == 1;
                if (inside)
                {
                    segment.Mask[(slice * plane) + p] = true;
                }
            }
        }

        return segments;
    }
}
