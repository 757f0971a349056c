using System.Globalization;
using System.Text;
using System.Text.Json;
using RadCnn.Training.Optimization;

namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>
/// Writes a chest CT phantom set: series/ID/slice-NNNN.dcm, nodules.csv (one row per nodule: series,
/// centre in patient coordinates, diameter, label, kind), masks/ID.nodules.u8 (the nodule label volume,
/// one byte per voxel in the series' voxel order) and phantom.json (generator, seed and each series'
/// geometry).
/// </summary>
public static class ChestCtSetWriter
{
    public const string NodulesFile = "nodules.csv";

    public static IReadOnlyList<ChestCtPhantom> Write(ChestCtGenerator generator, int count, int seed, string directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var created = time.GetUtcNow();
        var phantoms = new ChestCtPhantom[count];
        var seriesUids = new string[count];
        Directory.CreateDirectory(Path.Combine(directory, "masks"));
        for (var i = 0; i < count; i++)
        {
            var phantom = generator.Generate(seed, i);
            var datasets = ChestCtDicomWriter.ToDatasets(phantom, seed, i, created);
            seriesUids[i] = datasets[0].GetString(RadCnn.Dicom.DicomTag.SeriesInstanceUID);
            PhantomDicom.SaveSeries(Path.Combine(directory, "series", phantom.Id), datasets, "slice-");
            File.WriteAllBytes(Path.Combine(directory, "masks", phantom.Id + ".nodules.u8"), phantom.NoduleMask);
            phantoms[i] = phantom;
        }

        var csv = new StringBuilder("series,series_instance_uid,nodule,x_mm,y_mm,z_mm,diameter_mm,label,kind\n");
        for (var i = 0; i < count; i++)
        {
            foreach (var n in phantoms[i].Nodules)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{phantoms[i].Id},{seriesUids[i]},{n.Number},{n.X:F2},{n.Y:F2},{n.Z:F2},{n.DiameterMm:F2},{n.LabelName},{n.Kind}\n");
            }
        }

        AtomicFile.WriteAllText(Path.Combine(directory, NodulesFile), csv.ToString());
        var description = new
        {
            generator = generator.Name,
            seed,
            count,
            size = generator.Size,
            slices = generator.Slices,
            created,
            series = phantoms.Select((p, i) => new
            {
                id = p.Id,
                seriesInstanceUid = seriesUids[i],
                columns = p.Columns,
                rows = p.Rows,
                slices = p.Slices,
                pixelSpacingMm = p.PixelSpacing,
                sliceSpacingMm = p.SliceSpacing,
                sliceThicknessMm = p.SliceThickness,
                origin = new[] { p.Origin.X, p.Origin.Y, p.Origin.Z },
                noiseHu = p.NoiseHu,
                nodules = p.Nodules.Count,
            }),
            notice = "Synthetic images made by RadCnn; no patient data. Not for clinical use.",
        };
        AtomicFile.WriteAllText(Path.Combine(directory, "phantom.json"), JsonSerializer.Serialize(description, TrainingJson.Options));
        return phantoms;
    }
}
