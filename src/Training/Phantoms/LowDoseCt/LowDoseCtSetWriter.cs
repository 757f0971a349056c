using System.Globalization;
using System.Text;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.Training.Optimization;

namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// Writes low-dose CT pairs in the layout the denoising recipe reads: low-dose/, standard-dose/ and
/// truth/ (one CT series each per synthetic patient, in one study with one Frame of Reference),
/// labels.csv pairing every low-dose slice with its standard-dose and truth slices, lesions.json
/// (lesion positions and contrasts, for CNR checks) and phantom.json (generator, seed, dose).
/// </summary>
public static class LowDoseCtSetWriter
{
    public const string LabelsHeader = "sop_instance_uid,file,standard_file,truth_file,dose_fraction,patient";

    public static IReadOnlyList<LowDoseCtCase> Write(LowDoseCtGenerator generator, int count, int seed, string directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        string[] roles = ["low-dose", "standard-dose", "truth"];
        foreach (var role in roles)
        {
            Directory.CreateDirectory(Path.Combine(directory, role));
        }

        var created = time.GetUtcNow();
        var cases = new LowDoseCtCase[count];
        var uids = new string[count];
        for (var i = 0; i < count; i++)
        {
            var phantom = generator.Generate(seed, i);
            cases[i] = phantom;
            foreach (var role in roles)
            {
                var pixels = role switch { "low-dose" => phantom.LowDose, "standard-dose" => phantom.StandardDose, _ => phantom.Truth };
                var dataset = CtSliceDicomWriter.ToDataset(phantom, generator.Name, seed, role, pixels, created);
                if (role == "low-dose")
                {
                    uids[i] = dataset.GetString(DicomTag.SOPInstanceUID);
                }

                new DicomFile(dataset) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian }.Save(Path.Combine(directory, role, phantom.Id + ".dcm"));
            }
        }

        var labels = new StringBuilder(LabelsHeader).Append('\n');
        for (var i = 0; i < count; i++)
        {
            var c = cases[i];
            labels.Append(CultureInfo.InvariantCulture, $"{uids[i]},low-dose/{c.Id}.dcm,standard-dose/{c.Id}.dcm,truth/{c.Id}.dcm,{c.DoseFraction:0.####},{c.PatientKey}\n");
        }

        AtomicFile.WriteAllText(Path.Combine(directory, "labels.csv"), labels.ToString());
        var lesions = cases.Select((c, i) => new { id = c.Id, sopInstanceUid = uids[i], region = c.Anatomy.Region, parameters = c.Parameters, lesions = c.Anatomy.Lesions });
        AtomicFile.WriteAllText(Path.Combine(directory, "lesions.json"), JsonSerializer.Serialize(lesions, TrainingJson.Options));
        var description = new
        {
            generator = generator.Name,
            anatomy = generator.Model.Name,
            seed,
            count,
            size = generator.Size,
            doseFraction = generator.DoseFraction,
            standardPhotonsPerRay = generator.StandardPhotons,
            electronicNoisePhotons = generator.ElectronicNoise,
            filter = generator.Filter.ToString(),
            sparseViewFactor = generator.SparseViewFactor,
            created,
            notice = "Synthetic images made by RadCnn; no patient data. Not for clinical use.",
        };
        AtomicFile.WriteAllText(Path.Combine(directory, "phantom.json"), JsonSerializer.Serialize(description, TrainingJson.Options));
        return cases;
    }
}
