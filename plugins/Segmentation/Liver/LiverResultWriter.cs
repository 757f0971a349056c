using System.Globalization;
using System.Text.Json;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// Turns a liver reading into results: a DICOM SEG (liver, liver mass) over the source slices, a
/// Comprehensive SR with the liver volume, the number of masses and each mass's volume, longest axial
/// diameter and robustness, a Secondary Capture key image with the contours, a PNG preview and result.json.
/// </summary>
internal sealed class LiverResultWriter(AlgorithmIdentity algorithm, TimeProvider time)
{
    public static SegmentDefinition LiverSegment { get; } = new("Liver", ResultCodes.AnatomicalStructure, ResultCodes.Liver) { Color = (221, 130, 101), Description = "Liver including its masses" };

    public static SegmentDefinition MassSegment { get; } = new("Liver mass", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Mass) { Color = (255, 255, 0) };

    public PluginResult Write(LiverReading reading, IReadOnlyList<DicomDataset> ordered, CtVolume hu, ImageVolume volume, CascadeSettings settings)
    {
        var cascade = reading.Cascade;
        var liverMask = cascade.Liver.Select(b => b ? 1f : 0f).ToArray();
        var massMask = cascade.Masses.Select(b => b ? 1f : 0f).ToArray();
        var seg = new SegmentationBuilder(ordered, algorithm, time) { SeriesDescription = "AI liver and liver mass segmentation" }
            .AddSegment(LiverSegment, liverMask)
            .AddSegment(MassSegment, massMask)
            .Build();

        var report = new FindingsReportBuilder(ordered, algorithm, time)
        {
            SeriesDescription = "AI liver volumetry",
            Comment = Summary(reading, settings) + " Synthetic-phantom model, not for clinical use.",
        };
        var liverSlice = KeySlice(cascade.Liver, hu);
        report.Add(new ReportFinding(ResultCodes.Liver, Math.Clamp(reading.LiverProbability, 0, 1))
        {
            Label = "Liver",
            Site = ResultCodes.Abdomen,
            Fragile = reading.LiverRobustness?.Fragile,
            FlippingEpsilon = reading.LiverRobustness?.SmallestFlippingEpsilon,
            Measurements = [new ReportMeasurement(ResultCodes.Volume, Math.Round(cascade.LiverVolumeMl, 1), ResultCodes.Milliliter)],
            SourceIndices = [liverSlice],
        });
        foreach (var ((lesion, probability, robustness), k) in reading.Masses.Select((m, k) => (m, k)))
        {
            report.Add(new ReportFinding(ResultCodes.Mass, Math.Clamp(probability, 0, 1))
            {
                Label = string.Create(CultureInfo.InvariantCulture, $"Liver mass {k + 1}"),
                Site = ResultCodes.Liver,
                Fragile = robustness?.Fragile,
                FlippingEpsilon = robustness?.SmallestFlippingEpsilon,
                Measurements =
                [
                    new ReportMeasurement(ResultCodes.Volume, Math.Round(lesion.VolumeMl, 2), ResultCodes.Milliliter),
                    new ReportMeasurement(ResultCodes.Diameter, Math.Round(lesion.LongestAxialDiameterMm, 1), ResultCodes.Millimeter),
                ],
                SourceIndices = [lesion.KeySlice],
            });
        }

        var sr = report.Build();
        var keySlice = reading.Masses.Count > 0 ? reading.Masses[0].Lesion.KeySlice : liverSlice;
        var plane = hu.Height * hu.Width;
        var slicePixels = hu.Values.AsSpan(keySlice * plane, plane).ToArray();
        var contours = Contours(cascade, hu, keySlice);
        var caption = string.Create(CultureInfo.InvariantCulture, $"LIVER {cascade.LiverVolumeMl:F0} ML, {reading.Masses.Count} MASS{(reading.Masses.Count == 1 ? string.Empty : "ES")}");
        var overlay = new HeatmapOverlayBuilder(ordered[keySlice], slicePixels, algorithm, time) { Caption = caption };
        var key = overlay.Build(contours, hu.Height, hu.Width);

        var preview = PreviewRenderer.Segmentation(ordered, hu.Values, [LiverSegment, MassSegment], [liverMask, massMask], algorithm);
        var json = ResultJson(reading, settings, seg, sr, key);
        return new PluginResult
        {
            Status = PluginResultStatus.Succeeded,
            Message = Summary(reading, settings),
            Findings = Findings(reading, volume),
            Measurements = Measurements(reading),
            Files =
            [
                new OutputFile("segmentation.png", "image/png", preview),
                new OutputFile("key-image.png", "image/png", overlay.RenderPng(contours, hu.Height, hu.Width)),
                new OutputFile("result.json", "application/json", json),
            ],
            DicomObjects = [seg.Dataset, sr.Dataset, key.Dataset],
        };
    }

    public static string Summary(LiverReading reading, CascadeSettings settings)
    {
        var liver = reading.LiverRobustness is { } r ? string.Create(CultureInfo.InvariantCulture, $", FGSM Dice agreement {r.Agreement:F2}{(r.Fragile ? " (fragile)" : string.Empty)}") : ", not probed";
        var masses = string.Join("; ", reading.Masses.Select((m, k) => string.Create(CultureInfo.InvariantCulture,
            $"mass {k + 1}: {m.Lesion.VolumeMl:F2} mL, {m.Lesion.LongestAxialDiameterMm:F1} mm{(m.Robustness is { } mr ? $", agreement {mr.Agreement:F2}" : string.Empty)}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"liver {reading.Cascade.LiverVolumeMl:F0} mL{liver}; {reading.Masses.Count} liver mass{(reading.Masses.Count == 1 ? string.Empty : "es")}{(masses.Length > 0 ? ": " + masses : string.Empty)} (thresholds liver {settings.LiverThreshold:F2}, mass {settings.MassThreshold:F2})");
    }

    private static Finding[] Findings(LiverReading reading, ImageVolume volume)
    {
        var findings = new List<Finding>
        {
            new(ResultCodes.Liver.Value, ResultCodes.Liver.Meaning, Math.Clamp(reading.LiverProbability, 0, 1)) { CodingScheme = "SCT", Robustness = reading.LiverRobustness },
        };
        foreach (var (lesion, probability, robustness) in reading.Masses)
        {
            // The volume's slice order is the cascade's (both sort by position along the normal).
            var location = volume.ToPatient(lesion.CenterVoxel.X, lesion.CenterVoxel.Y, lesion.CenterVoxel.Z);
            findings.Add(new Finding(ResultCodes.Mass.Value, "Liver mass", Math.Clamp(probability, 0, 1)) { CodingScheme = "SCT", Robustness = robustness, Location = location });
        }

        return [.. findings];
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

    private static byte[] ResultJson(LiverReading reading, CascadeSettings settings, DicomFile seg, DicomFile sr, DicomFile key) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            liverVolumeMl = Math.Round(reading.Cascade.LiverVolumeMl, 1),
            liverRobustness = reading.LiverRobustness,
            massCount = reading.Masses.Count,
            masses = reading.Masses.Select(m => new
            {
                volumeMl = Math.Round(m.Lesion.VolumeMl, 2),
                longestAxialDiameterMm = Math.Round(m.Lesion.LongestAxialDiameterMm, 1),
                probability = Math.Round(m.Probability, 3),
                keySlice = m.Lesion.KeySlice + 1,
                robustness = m.Robustness,
            }),
            thresholds = new { liver = settings.LiverThreshold, mass = settings.MassThreshold, minimumMassMl = settings.MinimumMassMl, chosenOn = settings.ChosenOn },
            stageSeconds = reading.Cascade.StageSeconds,
            objects = new
            {
                segmentation = seg.Dataset.GetString(DicomTag.SOPInstanceUID),
                report = sr.Dataset.GetString(DicomTag.SOPInstanceUID),
                keyImage = key.Dataset.GetString(DicomTag.SOPInstanceUID),
            },
            note = "AI output on a synthetic-phantom model; not for clinical use.",
        }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });

    /// <summary>The slice with the most liver voxels.</summary>
    private static int KeySlice(bool[] mask, CtVolume hu)
    {
        var plane = hu.Height * hu.Width;
        var best = 0;
        var bestCount = -1;
        for (var z = 0; z < hu.Depth; z++)
        {
            var count = 0;
            for (var i = z * plane; i < (z + 1) * plane; i++)
            {
                count += mask[i] ? 1 : 0;
            }

            if (count > bestCount)
            {
                (best, bestCount) = (z, count);
            }
        }

        return best;
    }

    /// <summary>Outline pixels of the slice: 0.55 on the liver's edge, 1 on a mass's edge, 0 elsewhere.</summary>
    private static float[] Contours(CascadeResult cascade, CtVolume hu, int slice)
    {
        var plane = hu.Height * hu.Width;
        var map = new float[plane];
        void Outline(bool[] mask, float value)
        {
            for (var y = 0; y < hu.Height; y++)
            {
                for (var x = 0; x < hu.Width; x++)
                {
                    var i = (slice * plane) + (y * hu.Width) + x;
                    if (!mask[i])
                    {
                        continue;
                    }

                    var edge = x == 0 || y == 0 || x == hu.Width - 1 || y == hu.Height - 1
                        || !mask[i - 1] || !mask[i + 1] || !mask[i - hu.Width] || !mask[i + hu.Width];
                    if (edge)
                    {
                        map[(y * hu.Width) + x] = value;
                    }
                }
            }
        }

        Outline(cascade.Liver, 0.55f);
        Outline(cascade.Masses, 1f);
        return map;
    }
}
