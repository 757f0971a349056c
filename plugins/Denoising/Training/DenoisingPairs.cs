using System.Security.Cryptography;
using System.Text;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Training.Data;
using RadCnn.Training.Phantoms.LowDoseCt;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// Training pairs for the denoiser as patches: low-dose input and clean target, both in HU windowed
/// to [0, 1] exactly as the plugin prepares slices. From simulated phantoms (target: the noise-free
/// reconstruction) or from a folder whose labels.csv pairs each low-dose slice with a standard-dose
/// slice (and, where known, a truth slice, which is preferred).
/// </summary>
internal static class DenoisingPairs
{
    public static List<TrainingSample> FromPhantoms(LowDoseCtGenerator generator, int count, int seed, InputSpec input, int patchesPerSlice, int patchesPerLesion = 0)
    {
        var cases = new LowDoseCtCase[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => cases[i] = generator.Generate(seed, i));
        var samples = new List<TrainingSample>();
        foreach (var c in cases)
        {
            samples.AddRange(Patches(c.Id, c.PatientKey, c.LowDose, c.Truth, c.Size, c.Size, input, patchesPerSlice, seed));
            samples.AddRange(LesionPatches(c, input, patchesPerLesion, seed));
        }

        return samples;
    }

    /// <summary>
    /// Patches that contain a phantom's low-contrast lesion (anywhere in their central half): the
    /// lesions cover well under 1% of a random patch, so under a plain mean squared error the network
    /// learns that flattening the organ costs nothing; these patches make the faint lesions count.
    /// </summary>
    private static IEnumerable<TrainingSample> LesionPatches(LowDoseCtCase c, InputSpec input, int perLesion, int seed)
    {
        if (perLesion <= 0)
        {
            yield break;
        }

        var side = input.Height;
        var random = new Random(StableSeed.Of(seed, c.Id + "/lesion-patches"));
        var made = 0;
        foreach (var lesion in c.Anatomy.Lesions)
        {
            for (var k = 0; k < perLesion; k++)
            {
#pragma warning disable CA5394 // reproducible patch positions, not security
                var top = Math.Clamp((int)Math.Round(lesion.Row) - (side / 4) - random.Next(0, (side / 2) + 1), 0, c.Size - side);
                var left = Math.Clamp((int)Math.Round(lesion.Column) - (side / 4) - random.Next(0, (side / 2) + 1), 0, c.Size - side);
#pragma warning restore CA5394
                made++;
                yield return Patch($"{c.Id}#lesion{made}", c.PatientKey, c.LowDose, c.Truth, c.Size, top, left, input);
            }
        }
    }

    public static List<TrainingSample> FromFolder(string directory, InputSpec input, int patchesPerSlice, int seed)
    {
        var labels = Path.Combine(directory, "labels.csv");
        if (!File.Exists(labels))
        {
            throw new DatasetException($"{labels} is missing: a denoising folder needs labels.csv with file and standard_file (or truth_file) columns");
        }

        var lines = File.ReadAllLines(labels).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        var file = header.IndexOf("file");
        var standard = header.IndexOf("standard_file");
        var truth = header.IndexOf("truth_file");
        if (file < 0 || (standard < 0 && truth < 0))
        {
            throw new DatasetException($"{labels}: the header needs 'file' and 'standard_file' or 'truth_file' (found {string.Join(",", header)})");
        }

        var samples = new List<TrainingSample>();
        for (var i = 1; i < lines.Count; i++)
        {
            var fields = lines[i].Split(',').Select(f => f.Trim()).ToArray();
            if (fields.Length != header.Count)
            {
                throw new DatasetException($"{labels} line {i + 1}: {fields.Length} fields but the header names {header.Count}");
            }

            var targetName = truth >= 0 && fields[truth].Length > 0 ? fields[truth] : fields[standard];
            var low = DicomFile.Open(Path.Combine(directory, fields[file]));
            var target = DicomFile.Open(Path.Combine(directory, targetName));
            var rows = low.Dataset.GetSingleValueOrDefault(DicomTag.Rows, 0);
            var columns = low.Dataset.GetSingleValueOrDefault(DicomTag.Columns, 0);
            var lowHu = SourcePixels.Modality(low);
            var targetHu = SourcePixels.Modality(target);
            if (lowHu.Length != targetHu.Length)
            {
                throw new DatasetException($"{labels} line {i + 1}: {fields[file]} and {targetName} differ in size");
            }

            // Hashed so a patient ID never reaches logs or model.json.
            var patient = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(low.Dataset.GetStringOrDefault(DicomTag.PatientID, fields[file]))))[..16];
            samples.AddRange(Patches(low.Dataset.GetStringOrDefault(DicomTag.SOPInstanceUID, fields[file]), patient, lowHu, targetHu, rows, columns, input, patchesPerSlice, seed));
        }

        return samples;
    }

    /// <summary>Random patches whose centre lies inside the body (target above −900 HU), normalised.</summary>
    private static IEnumerable<TrainingSample> Patches(string id, string patient, float[] low, float[] target, int rows, int columns, InputSpec input, int count, int seed)
    {
        var side = input.Height;
        var random = new Random(StableSeed.Of(seed, id));
        var made = 0;
        for (var attempt = 0; attempt < count * 20 && made < count; attempt++)
        {
#pragma warning disable CA5394 // reproducible patch positions, not security
            var top = random.Next(0, rows - side + 1);
            var left = random.Next(0, columns - side + 1);
#pragma warning restore CA5394
            if (target[((top + (side / 2)) * columns) + left + (side / 2)] < -900)
            {
                continue;
            }

            made++;
            yield return Patch($"{id}#{made}", patient, low, target, columns, top, left, input);
        }
    }

    private static TrainingSample Patch(string id, string patient, float[] low, float[] target, int columns, int top, int left, InputSpec input)
    {
        var side = input.Height;
        var x = new float[side * side];
        var y = new float[side * side];
        for (var r = 0; r < side; r++)
        {
            Array.Copy(low, ((top + r) * columns) + left, x, r * side, side);
            Array.Copy(target, ((top + r) * columns) + left, y, r * side, side);
        }

        input.Normalize(x);
        input.Normalize(y);
        return new TrainingSample { Id = id, PatientKey = patient, Pixels = x, Target = y, Channels = 1, Height = side, Width = side };
    }
}
