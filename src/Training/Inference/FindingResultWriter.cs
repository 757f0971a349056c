using System.Globalization;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;

namespace RadCnn.Training.Inference;

/// <summary>
/// Turns one image's reading into what a result carries, built on RadCnn.Dicom's IODs so that no
/// plugin writes DICOM by hand: the finding with its robustness, a heat-map key image (Secondary
/// Capture and the same picture as PNG), and a Structured Report with the finding, its robustness, its
/// site and its geometry (a point at the heat map's peak on the source image), plus one message line.
/// </summary>
public sealed class FindingResultWriter(FindingDescription finding, AlgorithmIdentity algorithm, double threshold, TimeProvider? time = null)
{
    /// <summary>
    /// Adds the results of image <c>index</c> (0-based) of a series to <c>into</c>: <c>source</c> is the
    /// instance the image came from, <c>modality</c> its values (rows x columns, row by row: what the
    /// overlay is drawn over), <c>read</c> what the operator read from it.
    /// </summary>
    public void Write(ResultBuilder into, int index, DicomDataset source, float[] modality, int rows, int columns, ImageReading read)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(read);
        into.Findings.Add(new Finding(finding.Code.Value, finding.Code.Meaning, read.Probability)
        {
            CodingScheme = finding.Code.Scheme,
            Robustness = read.Robustness,
        });
        var decision = read.Positive ? "POSITIVE" : "NEGATIVE";
        var unreliable = read.OutOfDistribution ? " OUT OF DISTRIBUTION" : "";
        if (read.HeatMap.Length > 0)
        {
            var overlay = new HeatmapOverlayBuilder(source, modality, algorithm, time)
            {
                Caption = string.Create(CultureInfo.InvariantCulture, $"{finding.Name.ToUpperInvariant()} P={read.Probability:F2} {decision}{unreliable}"),
            };
            into.DicomObjects.Add(overlay.Build(read.HeatMap, read.HeatRows, read.HeatColumns).Dataset);
            into.Files.Add(new OutputFile($"heatmap-{index + 1}.png", "image/png", overlay.RenderPng(read.HeatMap, read.HeatRows, read.HeatColumns)));
        }

        var peak = read.Peak(rows, columns);
        var report = new FindingsReportBuilder([source], algorithm, time)
        {
            Comment = string.Create(CultureInfo.InvariantCulture, $"{finding.Model} probability {read.Probability:F3} (calibrated), threshold {threshold:F3} (validation): {(read.Positive ? finding.PositiveLabel : finding.NegativeLabel).ToLowerInvariant()}.{OutOfDistributionNote(read)}{(finding.Note is null ? "" : " " + finding.Note)}"),
        }.Add(new ReportFinding(finding.Code, read.Probability)
        {
            Label = (read.Positive ? finding.PositiveLabel : finding.NegativeLabel) + (read.OutOfDistribution ? " (out of distribution: unreliable)" : ""),
            Site = finding.Site,
            Fragile = read.Robustness?.Fragile,
            FlippingEpsilon = read.Robustness?.SmallestFlippingEpsilon,
            SourceIndices = [0],
            Region = peak is { } p ? new FindingRegion(0, RegionShape.Point, [(float)p.Column, (float)p.Row]) : null,
        });
        into.DicomObjects.Add(report.Build().Dataset);
        var robustness = read.Robustness is { } r ? (r.Fragile ? "fragile under FGSM" : "stable under FGSM") : "not probed";
        var distribution = read.OutOfDistribution ? ", out of distribution (image unlike the training images: the decision is unreliable)" : "";
        into.Messages.Add(string.Create(CultureInfo.InvariantCulture,
            $"image {index + 1}: P({finding.Name})={read.Probability:F3} {(read.Positive ? ">=" : "<")} {threshold:F3}, {(read.Positive ? "positive" : "negative")}, {robustness}{distribution}"));
    }

    private static string OutOfDistributionNote(ImageReading read) => read.OutOfDistribution
        ? string.Create(CultureInfo.InvariantCulture, $" The image is unlike the images the model was trained on (distance {read.DistributionDistance:F2}): the result is unreliable.")
        : "";
}
