using System.Globalization;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;
using RadCnn.Dicom.Iods;
using RadCnn.Host.Outputs;
using RadCnn.Host.Store;
using RadCnn.Host.Web.DicomWeb;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// The result view's pictures: a job's input slices in modality units (the browser applies window
/// and level) and, per slice, the segment each pixel belongs to in the job's DICOM Segmentations
/// (frames matched to the slice by the SOP Instance UID they reference).
/// </summary>
internal sealed class JobImages(IJobStore store, ResultIndex results)
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforeTag = DicomTag.PixelData };

    /// <summary>The job's input slices in display order (instance number, then position), or null when the job is unknown or not an image job.</summary>
    public async Task<IReadOnlyList<InstanceRecord>?> SlicesAsync(long jobId, CancellationToken cancellationToken)
    {
        if (await store.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false) is not { Kind: WorkItemKind.Series } job)
        {
            return null;
        }

        var used = job.OutputPath is { } output ? ReadUsed(output) : null;
        var instances = await store.GetInstancesAsync(job.ItemKey, cancellationToken).ConfigureAwait(false);
        return [.. instances
            .Where(i => used is null || used.Contains(i.SopInstanceUid))
            .Select(i => (Instance: i, Order: OrderOf(i.SpoolPath)))
            .OrderBy(p => p.Order.Number).ThenBy(p => p.Order.Position)
            .Select(p => p.Instance)];
    }

    public static Slice ReadSlice(InstanceRecord instance)
    {
        var file = DicomFile.Open(instance.SpoolPath);
        var pixels = DicomPixelData.Create(file);
        var values = SourcePixels.Modality(file);
        var (center, width) = Window(file.Dataset, values);
        return new Slice(pixels.Rows, pixels.Columns, values, center, width);
    }

    /// <summary>Segment number per pixel (0: none) of <paramref name="instance"/> in the job's segmentations; null when the job has none.</summary>
    public byte[]? Overlay(long jobId, InstanceRecord instance, int rows, int columns)
    {
        byte[]? overlay = null;
        foreach (var seg in results.ForJob(jobId).Where(r => r.SopClassUid == DicomUid.SegmentationStorage.Value))
        {
            overlay ??= new byte[rows * columns];
            var dataset = DicomFile.Open(seg.Path).Dataset;
            if (dataset.GetSingleValueOrDefault(DicomTag.Rows, 0) != rows || dataset.GetSingleValueOrDefault(DicomTag.Columns, 0) != columns
                || !dataset.TryGetSequence(DicomTag.PerFrameFunctionalGroupsSequence, out var frames)
                || dataset.GetItem(DicomTag.PixelData) is not DicomElement pixelData)
            {
                continue;
            }

            var bits = dataset.GetSingleValueOrDefault(DicomTag.BitsAllocated, 1);
            var bytes = pixelData.GetBytes().Span;
            var n = rows * columns;
            for (var f = 0; f < frames.Items.Count; f++)
            {
                if (ReferencedSop(frames.Items[f]) != instance.SopInstanceUid)
                {
                    continue;
                }

                var segment = (byte)Math.Min(255, SegmentNumber(frames.Items[f]));
                for (var p = 0; p < n; p++)
                {
                    var on = bits == 1
                        ? (bytes[(int)((((long)f * n) + p) >> 3)] >> (int)((((long)f * n) + p) & 7) & 1) == 1
                        : bytes[(f * n) + p] >= 128;
                    if (on)
                    {
                        overlay[p] = segment;
                    }
                }
            }
        }

        return overlay;
    }

    private static string? ReferencedSop(DicomDataset frame) =>
        frame.TryGetSequence(DicomTag.DerivationImageSequence, out var derivation) && derivation.Items.Count > 0
        && derivation.Items[0].TryGetSequence(DicomTag.SourceImageSequence, out var source) && source.Items.Count > 0
            ? source.Items[0].GetStringOrDefault(DicomTag.ReferencedSOPInstanceUID)
            : null;

    private static int SegmentNumber(DicomDataset frame) =>
        frame.TryGetSequence(DicomTag.SegmentIdentificationSequence, out var id) && id.Items.Count > 0
            ? id.Items[0].GetSingleValueOrDefault(DicomTag.ReferencedSegmentNumber, 1)
            : 1;

    private static HashSet<string>? ReadUsed(string outputPath)
    {
        try
        {
            return [.. ResultDocument.Parse(File.ReadAllBytes(Path.Combine(outputPath, "result.json"))).Inputs.SopInstanceUids];
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static (int Number, double Position) OrderOf(string path)
    {
        try
        {
            var header = DicomFile.Open(path, HeaderOnly).Dataset;
            var number = int.TryParse(header.GetStringOrDefault(DicomTag.InstanceNumber), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            var position = header.TryGetValues<double>(DicomTag.ImagePositionPatient, out var p) && p.Length == 3 ? p[2] : 0;
            return (number, position);
        }
        catch (Exception ex) when (ex is IOException or DicomFormatException)
        {
            return (0, 0);
        }
    }

    private static (double Center, double Width) Window(DicomDataset dataset, float[] values)
    {
        if (dataset.TryGetValues<double>(DicomTag.WindowCenter, out var c) && c.Length > 0
            && dataset.TryGetValues<double>(DicomTag.WindowWidth, out var w) && w.Length > 0 && w[0] > 0)
        {
            return (c[0], w[0]);
        }

        var min = values.Length == 0 ? 0 : values.Min();
        var max = values.Length == 0 ? 1 : values.Max();
        return ((min + max) / 2, Math.Max(1, max - min));
    }

    internal sealed record Slice(int Rows, int Columns, float[] Values, double WindowCenter, double WindowWidth);
}
