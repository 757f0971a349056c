using System.Globalization;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom.Iods;
using RadCnn.Training.Inference;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// What a liver reading says, for the kit's <see cref="SegmentationResultWriter"/>: a SEG with the liver
/// and liver masses, an SR with the liver volume, the number of masses and each mass's volume, longest
/// axial diameter and robustness, a key image with the contours, a PNG preview and result.json.
/// </summary>
internal sealed class LiverResultWriter(AlgorithmIdentity algorithm, TimeProvider time)
{
    public static SegmentDefinition LiverSegment { get; } = new("Liver", ResultCodes.AnatomicalStructure, ResultCodes.Liver) { Color = (221, 130, 101), Description = "Liver including its masses" };

    public static SegmentDefinition MassSegment { get; } = new("Liver mass", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Mass) { Color = (255, 255, 0) };

    public PluginResult Write(LiverReading reading, SeriesVolume series, CascadeSettings settings)
    {
        var cascade = reading.Cascade;
        var plane = series.Volume.Rows * series.Volume.Columns;
        var liverSlice = MaskGeometry.KeySlice(cascade.Liver, series.Volume.Slices, plane);
        var liver = new SegmentFinding(ResultCodes.Liver, "Liver", reading.LiverProbability)
        {
            Site = ResultCodes.Abdomen,
            Robustness = reading.LiverRobustness,
            Measurements = [new ReportMeasurement(ResultCodes.Volume, Math.Round(cascade.LiverVolumeMl, 1), ResultCodes.Milliliter)],
            KeySlice = liverSlice,
        };
        // The volume's slice order is the cascade's (both sort by position along the normal).
        var masses = reading.Masses.Select((m, k) => new SegmentFinding(ResultCodes.Mass, MassLabel(k, reading.FoundOnlyByCandidates.Contains(m.Lesion), reading.FoundByZoomedReading.Contains(m.Lesion), settings.ClassicalMassConfidence is not null), m.Probability)
        {
            Meaning = "Liver mass",
            Site = ResultCodes.Liver,
            Robustness = m.Robustness,
            Measurements =
            [
                new ReportMeasurement(ResultCodes.Volume, Math.Round(m.Lesion.VolumeMl, 2), ResultCodes.Milliliter),
                new ReportMeasurement(ResultCodes.Diameter, Math.Round(m.Lesion.LongestAxialDiameterMm, 1), ResultCodes.Millimeter),
            ],
            KeySlice = m.Lesion.KeySlice,
            Centre = (m.Lesion.CenterVoxel.X, m.Lesion.CenterVoxel.Y, m.Lesion.CenterVoxel.Z),
        });
        var writer = new SegmentationResultWriter(algorithm, time) { SegmentationDescription = "AI liver and liver mass segmentation", ReportDescription = "AI liver volumetry", Note = "Synthetic-phantom model, not for clinical use." };
        return writer.Write(series, new VolumeSegmentation
        {
            Segments = [new SegmentMask(LiverSegment, cascade.Liver) { Outline = 0.55f }, new SegmentMask(MassSegment, cascade.Masses)],
            Findings = [liver, .. masses],
            Measurements = Measurements(reading),
            Summary = Summary(reading, settings),
            KeySlice = reading.Masses.Count > 0 ? reading.Masses[0].Lesion.KeySlice : liverSlice,
            Caption = string.Create(CultureInfo.InvariantCulture, $"LIVER {cascade.LiverVolumeMl:F0} ML, {reading.Masses.Count} MASS{(reading.Masses.Count == 1 ? string.Empty : "ES")}"),
            Details = objects => new
            {
                liverVolumeMl = Math.Round(cascade.LiverVolumeMl, 1),
                liverRobustness = reading.LiverRobustness,
                massCount = reading.Masses.Count,
                masses = reading.Masses.Select(m => new
                {
                    volumeMl = Math.Round(m.Lesion.VolumeMl, 2),
                    longestAxialDiameterMm = Math.Round(m.Lesion.LongestAxialDiameterMm, 1),
                    probability = Math.Round(m.Probability, 3),
                    probabilityIs = reading.FoundOnlyByCandidates.Contains(m.Lesion) && settings.ClassicalMassConfidence is not null
                        ? "the share of masses found only by the classical candidates that were true on validation phantoms"
                        : "the mass network's mean probability over the mass",
                    keySlice = m.Lesion.KeySlice + 1,
                    robustness = m.Robustness,
                    foundBy = FoundBy(reading.FoundOnlyByCandidates.Contains(m.Lesion), reading.FoundByZoomedReading.Contains(m.Lesion)),
                    robustnessMethod = m.Robustness is null ? null : reading.FoundOnlyByCandidates.Contains(m.Lesion) ? "contrast attack on the classical candidates" : reading.FoundByZoomedReading.Contains(m.Lesion) ? "FGSM on the mass network, zoomed grid" : "FGSM on the mass network",
                }),
                thresholds = new { liver = settings.LiverThreshold, mass = settings.MassThreshold, minimumMassMl = settings.MinimumMassMl, minimumMassDiameterMm = settings.MinimumMassDiameterMm, chosenOn = settings.ChosenOn },
                zoomedReading = cascade.ZoomedMassVoxels is null ? null : new { spacingMm = settings.ZoomedMassSpacingMm, threshold = settings.ZoomedMassThreshold, maximumContrast = settings.ZoomedMassMaximumContrast, minimumFill = settings.ZoomedMassMinimumFill },
                stageSeconds = cascade.StageSeconds,
                objects,
                note = "AI output on a synthetic-phantom model; not for clinical use.",
            },
        });
    }

    /// <summary>
    /// The SR's label of mass <paramref name="k"/> (0-based). A mass only the classical candidates found says so, and what
    /// the probability beside it is: with <paramref name="validatedShare"/> the share of such masses that were true on
    /// validation phantoms (<see cref="CascadeSettings.ClassicalMassConfidence"/>), otherwise the mass network's over its
    /// voxels, usually low, which the reader must not take for the candidates' confidence.
    /// </summary>
    public static string MassLabel(int k, bool candidatesOnly, bool zoomed = false, bool validatedShare = false) => string.Create(CultureInfo.InvariantCulture,
        $"Liver mass {k + 1}{(candidatesOnly ? validatedShare ? " (classical candidate; probability is the share of such masses true on validation)" : " (classical candidate; probability is the mass network's)" : zoomed ? " (zoomed reading)" : string.Empty)}");

    /// <summary>result.json's <c>foundBy</c>: which path found a mass (the classical candidates alone, the zoomed reading, or the network's first reading).</summary>
    public static string FoundBy(bool candidatesOnly, bool zoomed) =>
        candidatesOnly ? "classical candidates" : zoomed ? "network, zoomed reading" : "network";

    public static string Summary(LiverReading reading, CascadeSettings settings)
    {
        var liver = reading.LiverRobustness is { } r ? string.Create(CultureInfo.InvariantCulture, $", FGSM Dice agreement {r.Agreement:F2}{(r.Fragile ? " (fragile)" : string.Empty)}") : ", not probed";
        var masses = string.Join("; ", reading.Masses.Select((m, k) => string.Create(CultureInfo.InvariantCulture,
            $"mass {k + 1}: {m.Lesion.VolumeMl:F2} mL, {m.Lesion.LongestAxialDiameterMm:F1} mm{(reading.FoundOnlyByCandidates.Contains(m.Lesion) ? " (classical candidate)" : reading.FoundByZoomedReading.Contains(m.Lesion) ? " (zoomed reading)" : string.Empty)}{(m.Robustness is { } mr ? $", agreement {mr.Agreement:F2}" : string.Empty)}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"liver {reading.Cascade.LiverVolumeMl:F0} mL{liver}; {reading.Masses.Count} liver mass{(reading.Masses.Count == 1 ? string.Empty : "es")}{(masses.Length > 0 ? ": " + masses : string.Empty)} (thresholds liver {settings.LiverThreshold:F2}, mass {settings.MassThreshold:F2})");
    }

    private static Measurement[] Measurements(LiverReading reading)
    {
        var list = new List<Measurement>
        {
            new("liver volume", Math.Round(reading.Cascade.LiverVolumeMl, 1), "mL") { Code = ResultCodes.Volume.Value },
            new("liver mass count", reading.Masses.Count, "1"),
        };
        foreach (var ((lesion, _, _), k) in reading.Masses.Select((m, k) => (m, k)))
        {
            list.Add(new Measurement($"liver mass {k + 1} volume", Math.Round(lesion.VolumeMl, 2), "mL") { Code = ResultCodes.Volume.Value });
            list.Add(new Measurement($"liver mass {k + 1} longest axial diameter", Math.Round(lesion.LongestAxialDiameterMm, 1), "mm") { Code = ResultCodes.Diameter.Value });
        }

        return [.. list];
    }
}
