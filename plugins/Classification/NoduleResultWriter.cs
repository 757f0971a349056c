using System.Globalization;
using System.Text.Json;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Classification.Preprocessing;

namespace RadCnn.Plugins.Classification;

/// <summary>
/// Turns the reported nodules into the result: findings with location and robustness, a diameter per
/// nodule, one Grad-CAM key image per nodule (the axial source slice through its centre, SC + PNG),
/// a Comprehensive SR with one measurement group per nodule (finding, malignancy probability, diameter,
/// robustness, the source slice and the centre's point on it) and result.json.
/// </summary>
internal sealed class NoduleResultWriter(IPluginContext context, AlgorithmIdentity algorithm, Decision decision, IReadOnlyList<DicomDataset> sources, CtVolume volume)
{
    private const string Notice = "Synthetic-phantom models, not for clinical use.";

    public PluginResult Write(IReadOnlyList<ReportedNodule> nodules, int candidates)
    {
        var findings = new List<Finding>();
        var measurements = new List<Measurement>();
        var objects = new List<DicomDataset>();
        var files = new List<OutputFile>();
        var report = new FindingsReportBuilder(sources, algorithm, context.TimeProvider)
        {
            SeriesDescription = "AI lung nodules (not for diagnosis)",
            Comment = nodules.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"No lung nodule found: none of {candidates} candidates reached the nodule threshold {decision.NoduleThreshold:F2}. {Notice}")
                : string.Create(CultureInfo.InvariantCulture, $"{nodules.Count} lung nodule(s) of {candidates} candidates; nodule threshold {decision.NoduleThreshold:F2}, malignancy threshold {decision.MalignancyThreshold:F2} ({decision.Source}). {Notice}"),
        };
        var json = new List<object>();
        foreach (var nodule in nodules)
        {
            var reading = nodule.Reading;
            var centre = reading.Candidate.Centre;
            var region = FindingRegion.AtPatientPoint(sources, centre.X, centre.Y, centre.Z);
            var label = $"Nodule {nodule.Number}: {(nodule.Malignant ? "malignant suspected" : "benign")}";
            findings.Add(new Finding(ResultCodes.Nodule.Value, ResultCodes.Nodule.Meaning, reading.Malignancy)
            {
                CodingScheme = ResultCodes.Nodule.Scheme,
                Robustness = nodule.Robustness,
                Location = centre,
            });
            measurements.Add(new Measurement($"nodule {nodule.Number} diameter", reading.Candidate.DiameterMm, "mm") { Code = ResultCodes.Diameter.Value });
            report.Add(new ReportFinding(ResultCodes.Nodule, reading.Malignancy)
            {
                Label = label,
                Site = ResultCodes.Lung,
                Fragile = nodule.Robustness?.Fragile,
                FlippingEpsilon = nodule.Robustness?.SmallestFlippingEpsilon,
                Measurements = [new ReportMeasurement(ResultCodes.Diameter, reading.Candidate.DiameterMm, ResultCodes.Millimeter)],
                SourceIndices = [region.SourceIndex],
                Region = region,
                Centre = new PatientPoint(centre.X, centre.Y, centre.Z),
            });
            var (png, sc) = KeyImage(nodule, region.SourceIndex);
            objects.Add(sc);
            var pngName = string.Create(CultureInfo.InvariantCulture, $"nodule-{nodule.Number}.png");
            files.Add(new OutputFile(pngName, "image/png", png));
            json.Add(new
            {
                number = nodule.Number,
                centreMm = new[] { Math.Round(centre.X, 2), Math.Round(centre.Y, 2), Math.Round(centre.Z, 2) },
                diameterMm = reading.Candidate.DiameterMm,
                noduleProbability = Math.Round(reading.Nodule, 4),
                malignancyProbability = Math.Round(reading.Malignancy, 4),
                malignancy3d = Math.Round(reading.Malignancy3d, 4),
                malignancy2d = Math.Round(reading.Malignancy2d, 4),
                decision = nodule.Malignant ? "malignant" : "benign",
                // The reported call's robustness (both models at the thresholds above); robustness3d: the 3D model's argmax alone.
                robustness = nodule.Robustness is { } r ? new { of = "reported decision", epsilon = r.Epsilon, flips = r.FlipsAtEpsilon, smallestFlippingEpsilon = r.SmallestFlippingEpsilon, fragile = r.Fragile } : null,
                robustness3d = nodule.Robustness3d is { } r3 ? new { of = "3D model argmax", epsilon = r3.Epsilon, flips = r3.FlipsAtEpsilon, smallestFlippingEpsilon = r3.SmallestFlippingEpsilon, fragile = r3.Fragile } : null,
                keyImage = pngName,
                sourceSlice = region.SourceIndex + 1,
            });
        }

        objects.Add(report.Build().Dataset);
        var summary = new
        {
            plugin = context.Manifest.Id,
            version = context.Manifest.Version.ToString(),
            candidates,
            noduleThreshold = decision.NoduleThreshold,
            malignancyThreshold = decision.MalignancyThreshold,
            thresholdsFrom = decision.Source,
            // Which calibration the thresholds come from: the band chosen by the series' in-plane pixel spacing (null: the top-level thresholds).
            thresholdBand = decision.Band,
            pixelSpacingMm = Math.Round(NodulePlugin.PixelSpacingMm(volume), 4),
            nodules = json,
            message = nodules.Count == 0 ? "no lung nodule found" : null,
            notice = Notice,
        };
        files.Add(new OutputFile("result.json", "application/json", JsonSerializer.SerializeToUtf8Bytes(summary, new JsonSerializerOptions { WriteIndented = true })));
        var message = nodules.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"no lung nodule found ({candidates} candidates, none at P(nodule) >= {decision.NoduleThreshold:F2})")
            : string.Join("; ", nodules.Select(n => string.Create(CultureInfo.InvariantCulture,
                $"nodule {n.Number}: {n.Reading.Candidate.DiameterMm:F1} mm, P(malignant)={n.Reading.Malignancy:F3} {(n.Malignant ? ">=" : "<")} {decision.MalignancyThreshold:F2}, {(n.Malignant ? "malignant" : "benign")}, {(n.Robustness is { } r ? (r.Fragile ? "fragile under FGSM" : "stable under FGSM") : "not probed")}")));
        return new PluginResult
        {
            Status = PluginResultStatus.Succeeded,
            Message = message,
            Findings = findings,
            Measurements = measurements,
            Files = files,
            DicomObjects = objects,
        };
    }

    /// <summary>The axial source slice through the nodule with the 2D model's Grad-CAM laid over the 48 mm around it.</summary>
    private (byte[] Png, DicomDataset Sc) KeyImage(ReportedNodule nodule, int sourceIndex)
    {
        var frame = volume.Columns * volume.Rows;
        var slice = volume.Hu.AsSpan(sourceIndex * frame, frame).ToArray();
        var (cc, cr, _) = volume.ToVoxel(nodule.Reading.Candidate.Centre);
        var side = PatchExtractor.Side2d;
        var step = PatchExtractor.ViewMm / side;
        var heat = new float[frame];
        for (var r = 0; r < volume.Rows; r++)
        {
            var i = ((r - cr) * volume.Spacing.Y / step) + ((side - 1) / 2.0);
            if (i < 0 || i > side - 1)
            {
                continue;
            }

            for (var c = 0; c < volume.Columns; c++)
            {
                var j = ((c - cc) * volume.Spacing.X / step) + ((side - 1) / 2.0);
                if (j < 0 || j > side - 1)
                {
                    continue;
                }

                heat[(r * volume.Columns) + c] = Bilinear(nodule.AxialHeatMap, side, i, j);
            }
        }

        var caption = string.Create(CultureInfo.InvariantCulture, $"NODULE {nodule.Number} {nodule.Reading.Candidate.DiameterMm:F0}MM P(MALIGNANT)={nodule.Reading.Malignancy:F2} {(nodule.Malignant ? "MALIGNANT" : "BENIGN")}");
        var overlay = new HeatmapOverlayBuilder(sources[sourceIndex], slice, algorithm, context.TimeProvider)
        {
            Caption = caption,
            Window = (-600, 1500),
            SeriesDescription = "AI nodule key images (not for diagnosis)",
        };
        var sc = overlay.Build(heat, volume.Rows, volume.Columns).Dataset;

        return (overlay.RenderPng(heat, volume.Rows, volume.Columns), sc);
    }

    private static float Bilinear(float[] map, int side, double i, double j)
    {
        var i0 = Math.Min((int)i, side - 2);
        var j0 = Math.Min((int)j, side - 2);
        var fi = (float)(i - i0);
        var fj = (float)(j - j0);
        var top = (map[(i0 * side) + j0] * (1 - fj)) + (map[(i0 * side) + j0 + 1] * fj);
        var bottom = (map[((i0 + 1) * side) + j0] * (1 - fj)) + (map[((i0 + 1) * side) + j0 + 1] * fj);
        return (top * (1 - fi)) + (bottom * fi);
    }
}
