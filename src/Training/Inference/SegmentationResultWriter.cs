using System.Text.Json;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;

namespace RadCnn.Training.Inference;

/// <summary>
/// Turns a volume's segmentation into what a result carries, built on RadCnn.Dicom's IODs so that no
/// plugin writes DICOM by hand: a DICOM SEG of the segments over the source slices, a Comprehensive SR
/// with each finding's probability, site, measurements, FGSM robustness and evidence slice, a Secondary
/// Capture key image with the segments' outlines on the key slice, a PNG preview of the segmentation,
/// the key image as PNG and result.json; the findings (with their patient-coordinate centres), the
/// measurements and the summary as the result's message.
/// </summary>
public sealed class SegmentationResultWriter(AlgorithmIdentity algorithm, TimeProvider? time = null)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Series Description of the SEG.</summary>
    public string SegmentationDescription { get; init; } = "AI segmentation";

    /// <summary>Series Description of the SR.</summary>
    public string ReportDescription { get; init; } = "AI volumetry";

    /// <summary>Appended to the summary in the SR's comment (for example what the model was trained on); none when null.</summary>
    public string? Note { get; init; }

    public PluginResult Write(SeriesVolume series, VolumeSegmentation reading)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(reading);
        var (sources, volume) = (series.Sources, series.Volume);
        var (rows, columns) = (volume.Rows, volume.Columns);
        // Decided masks go to the SEG and the preview as they are: as floats they would be four times a series' worth each.
        var masks = reading.Segments.Select(s => s.Mask).ToArray();
        var segmentation = new SegmentationBuilder(sources, algorithm, time) { SeriesDescription = SegmentationDescription };
        foreach (var (segment, mask) in reading.Segments.Zip(masks))
        {
            segmentation.AddSegment(segment.Definition, mask);
        }

        var seg = segmentation.Build();
        var report = new FindingsReportBuilder(sources, algorithm, time)
        {
            SeriesDescription = ReportDescription,
            Comment = Note is null ? reading.Summary : reading.Summary + " " + Note,
        };
        foreach (var finding in reading.Findings)
        {
            report.Add(new ReportFinding(finding.Code, Math.Clamp(finding.Probability, 0, 1))
            {
                Label = finding.Label,
                Site = finding.Site,
                Fragile = finding.Robustness?.Fragile,
                FlippingEpsilon = finding.Robustness?.SmallestFlippingEpsilon,
                Measurements = finding.Measurements,
                SourceIndices = [finding.KeySlice],
            });
        }

        var sr = report.Build();
        var plane = rows * columns;
        var voxels = SharedVoxels.ReadOnlyArray(volume);
        var contours = MaskGeometry.Outlines([.. reading.Segments.Select(s => (s.Mask, s.Outline))], rows, columns, reading.KeySlice);
        var overlay = new HeatmapOverlayBuilder(sources[reading.KeySlice], voxels.AsSpan(reading.KeySlice * plane, plane).ToArray(), algorithm, time) { Caption = reading.Caption };
        var key = overlay.Build(contours, rows, columns);
        var preview = PreviewRenderer.Segmentation(sources, voxels, [.. reading.Segments.Select(s => s.Definition)], masks, algorithm);
        List<OutputFile> files =
        [
            new OutputFile("segmentation.png", "image/png", preview),
            new OutputFile("key-image.png", "image/png", overlay.RenderPng(contours, rows, columns)),
        ];
        if (reading.Details is { } details)
        {
            var objects = new SegmentationObjects(Uid(seg), Uid(sr), Uid(key));
            files.Add(new OutputFile("result.json", "application/json", JsonSerializer.SerializeToUtf8Bytes(details(objects), JsonOptions)));
        }

        return new PluginResult
        {
            Status = PluginResultStatus.Succeeded,
            Message = reading.Summary,
            Findings = [.. reading.Findings.Select(f => new Finding(f.Code.Value, f.Meaning ?? f.Label, Math.Clamp(f.Probability, 0, 1))
            {
                CodingScheme = f.Code.Scheme,
                Robustness = f.Robustness,
                Location = f.Centre is var (x, y, z) ? volume.ToPatient(x, y, z) : null,
            })],
            Measurements = [.. reading.Measurements],
            Files = [.. files],
            DicomObjects = [seg.Dataset, sr.Dataset, key.Dataset],
        };
    }

    private static string Uid(DicomFile file) => file.Dataset.GetString(DicomTag.SOPInstanceUID);
}
