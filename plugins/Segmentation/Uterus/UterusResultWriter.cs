using System.Globalization;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom.Iods;
using RadCnn.Training.Inference;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// What a uterus reading says, for the kit's <see cref="SegmentationResultWriter"/>: a SEG with the uterus
/// and uterine tumour, an SR with the uterine volume and, when a tumour is found, its volume and depth
/// of invasion (fraction of the wall), each segment with its FGSM robustness, a key image with the
/// outlines, a PNG preview and result.json.
/// </summary>
internal sealed class UterusResultWriter(AlgorithmIdentity algorithm, TimeProvider time)
{
    public static SegmentDefinition UterusSegment { get; } = new("Uterus", ResultCodes.AnatomicalStructure, ResultCodes.Uterus) { Color = (230, 140, 160), Description = "Uterus including any tumour" };

    public static SegmentDefinition TumourSegment { get; } = new("Uterine tumour", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Neoplasm) { Color = (255, 255, 0) };

    /// <summary>Private code: how far through the uterine wall the tumour reaches (0 lining only, 1 serosa).</summary>
    public static CodedConcept InvasionDepth { get; } = new("R0101", ResultCodes.PrivateScheme, "Depth of invasion (fraction of uterine wall)");

    public static CodedConcept Pelvis { get; } = new("12921003", "SCT", "Pelvis");

    public PluginResult Write(UterusReading reading, SeriesVolume series, UterusSettings settings)
    {
        var result = reading.Result;
        List<SegmentFinding> findings =
        [
            new(ResultCodes.Uterus, "Uterus", reading.UterusProbability)
            {
                Site = Pelvis,
                Robustness = reading.UterusRobustness,
                Measurements = [new ReportMeasurement(ResultCodes.Volume, Math.Round(result.UterusVolumeMl, 1), ResultCodes.Milliliter)],
                KeySlice = reading.UterusKeySlice,
            },
        ];
        if (result.HasTumour && reading.TumourKeySlice is { } tumourSlice)
        {
            findings.Add(new SegmentFinding(ResultCodes.Neoplasm, "Uterine tumour", reading.TumourProbability)
            {
                Site = ResultCodes.Uterus,
                Robustness = reading.TumourRobustness,
                Measurements =
                [
                    new ReportMeasurement(ResultCodes.Volume, Math.Round(result.TumourVolumeMl, 2), ResultCodes.Milliliter),
                    new ReportMeasurement(InvasionDepth, Math.Round(result.InvasionFraction ?? 0, 2), ResultCodes.NoUnits),
                ],
                KeySlice = tumourSlice,
                Centre = MaskGeometry.Centre(result.Tumour, series.Volume.Rows, series.Volume.Columns),
            });
        }

        var writer = new SegmentationResultWriter(algorithm, time) { SegmentationDescription = "AI uterus and uterine tumour segmentation", ReportDescription = "AI uterine volumetry and tumour invasion", Note = "Synthetic-phantom model, not for clinical use." };
        return writer.Write(series, new VolumeSegmentation
        {
            Segments = [new SegmentMask(UterusSegment, result.Uterus) { Outline = 0.55f }, new SegmentMask(TumourSegment, result.Tumour)],
            Findings = findings,
            Measurements = Measurements(result),
            Summary = Summary(reading, settings),
            KeySlice = reading.TumourKeySlice ?? reading.UterusKeySlice,
            Caption = result.HasTumour
                ? string.Create(CultureInfo.InvariantCulture, $"UTERUS {result.UterusVolumeMl:F0} ML, TUMOUR {result.TumourVolumeMl:F1} ML, INVASION {result.InvasionFraction ?? 0:P0}")
                : string.Create(CultureInfo.InvariantCulture, $"UTERUS {result.UterusVolumeMl:F0} ML, NO TUMOUR"),
            Details = objects => new
            {
                model = "uterus",
                uterusVolumeMl = Math.Round(result.UterusVolumeMl, 1),
                uterusRobustness = reading.UterusRobustness,
                tumour = result.HasTumour,
                tumourVolumeMl = Math.Round(result.TumourVolumeMl, 2),
                invasionFraction = result.InvasionFraction is { } f ? Math.Round(f, 3) : (double?)null,
                tumourRobustness = reading.TumourRobustness,
                keySlice = (reading.TumourKeySlice ?? reading.UterusKeySlice) + 1,
                thresholds = new { uterus = settings.UterusThreshold, tumour = settings.TumourThreshold, minimumTumourMl = settings.MinimumTumourMl, chosenOn = settings.ChosenOn, planes = settings.Planes },
                seconds = Math.Round(result.Seconds, 2),
                objects,
                note = "AI output on a synthetic-phantom model; not for clinical use.",
            },
        });
    }

    public static string Summary(UterusReading reading, UterusSettings settings)
    {
        var result = reading.Result;
        static string Probe(Abstractions.Engine.RobustnessReport? r) => r is null ? ", not probed" : string.Create(CultureInfo.InvariantCulture, $", FGSM Dice agreement {r.Agreement:F2}{(r.Fragile ? " (fragile)" : string.Empty)}");
        var tumour = result.HasTumour
            ? string.Create(CultureInfo.InvariantCulture, $"tumour {result.TumourVolumeMl:F2} mL, depth of invasion {result.InvasionFraction ?? 0:F2} of the wall{Probe(reading.TumourRobustness)}")
            : "no tumour";
        return string.Create(CultureInfo.InvariantCulture,
            $"uterus {result.UterusVolumeMl:F0} mL{Probe(reading.UterusRobustness)}; {tumour} (thresholds uterus {settings.UterusThreshold:F2}, tumour {settings.TumourThreshold:F2}, smallest tumour {settings.MinimumTumourMl:F2} mL)");
    }

    private static Measurement[] Measurements(UterusResult result)
    {
        var list = new List<Measurement>
        {
            new("uterine volume", Math.Round(result.UterusVolumeMl, 1), "mL") { Code = ResultCodes.Volume.Value },
            new("uterine tumour count", result.HasTumour ? 1 : 0, "1"),
        };
        if (result.HasTumour)
        {
            list.Add(new Measurement("uterine tumour volume", Math.Round(result.TumourVolumeMl, 2), "mL") { Code = ResultCodes.Volume.Value });
            list.Add(new Measurement("depth of invasion", Math.Round(result.InvasionFraction ?? 0, 2), "1") { Code = InvasionDepth.Value });
        }

        return [.. list];
    }
}
