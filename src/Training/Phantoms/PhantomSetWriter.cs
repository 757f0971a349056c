using System.Globalization;
using System.Text;
using System.Text.Json;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using SkiaSharp;

namespace RadCnn.Training.Phantoms;

/// <summary>
/// Writes a phantom dataset to disk in the layout `radcnn train --data` reads: images/*.dcm, a
/// labels.csv (sop_instance_uid, file, label, mask), masks/*.png of the lesions (for segmentation and
/// for the pointing game of the explainer), lesions.json with every lesion's kind, position, size and
/// contrast, and phantom.json recording the generator and the seed.
/// </summary>
internal static class PhantomSetWriter
{
    public static IReadOnlyList<PhantomCase> Write(IPhantomGenerator generator, int count, int seed, string directory, TimeProvider time, Action<int>? written = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var images = Path.Combine(directory, "images");
        var masks = Path.Combine(directory, "masks");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        var created = time.GetUtcNow();
        var cases = new PhantomCase[count];
        var uids = new string[count];
        var done = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i =>
        {
            var phantom = generator.Generate(seed, i);
            var dataset = PhantomDicomWriter.ToDataset(phantom, generator, seed, i, created);
            uids[i] = dataset.GetString(RadCnn.Dicom.DicomTag.SOPInstanceUID);
            new RadCnn.Dicom.DicomFile(dataset) { TransferSyntax = RadCnn.Dicom.DicomTransferSyntax.ExplicitVRLittleEndian }
                .Save(Path.Combine(images, phantom.Id + ".dcm"));
            WriteMask(Path.Combine(masks, phantom.Id + ".png"), phantom);
            cases[i] = phantom;
            written?.Invoke(Interlocked.Increment(ref done));
        });

        var labels = new StringBuilder("sop_instance_uid,file,label,mask\n");
        for (var i = 0; i < count; i++)
        {
            labels.Append(CultureInfo.InvariantCulture, $"{uids[i]},images/{cases[i].Id}.dcm,{cases[i].LabelName},masks/{cases[i].Id}.png\n");
        }

        AtomicFile.WriteAllText(Path.Combine(directory, LabelledDicomFolder.LabelsFile), labels.ToString());
        var lesions = cases.Select((c, i) => new
        {
            id = c.Id,
            sopInstanceUid = uids[i],
            label = c.LabelName,
            parameters = c.Parameters,
            lesions = c.Lesions,
        });
        AtomicFile.WriteAllText(Path.Combine(directory, "lesions.json"), JsonSerializer.Serialize(lesions, TrainingJson.Options));
        var description = new
        {
            generator = generator.GetType().Name,
            name = generator.Name,
            modality = generator.Modality,
            seed,
            count,
            classes = generator.ClassNames,
            created,
            notice = "Synthetic images made by RadCnn; no patient data. Not for clinical use.",
        };
        AtomicFile.WriteAllText(Path.Combine(directory, "phantom.json"), JsonSerializer.Serialize(description, TrainingJson.Options));
        return cases;
    }

    /// <summary>The lesion mask as an 8-bit grayscale PNG: 255 inside a lesion, 0 elsewhere.</summary>
    public static void WriteMask(string path, PhantomCase phantom)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(phantom.Width, phantom.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        var bytes = new byte[phantom.Width * phantom.Height];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = phantom.LesionMask[i] == 0 ? (byte)0 : (byte)255;
        }

        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var stream = File.Create(path);
        data.SaveTo(stream);
    }
}
