using RadCnn.Dicom;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms;
using RadCnn.TestSupport;

namespace RadCnn.Training.Tests.Data;

public class LabelledDicomFolderTests
{
    private static readonly InputSpec Input = new(1, 32, 32, NormalizationKind.PerImageZScore);
    private static readonly LabelledFolderOptions Classification = new(Input, ["normal", "tuberculosis"], TrainingTaskKind.BinaryClassification);

    private static IReadOnlyList<PhantomCase> WritePhantoms(string directory, int count = 6) =>
        PhantomSetWriter.Write(new ChestRadiographGenerator(size: 48, imagesPerPatient: 2), count, 4, directory, TimeProvider.System);

    [Fact]
    public void A_phantom_folder_loads_with_labels_and_hashed_patient_keys()
    {
        using var dir = new TempDirectory();
        var cases = WritePhantoms(dir.Path);

        var data = LabelledDicomFolder.Load(dir.Path, Classification);

        Assert.Equal(6, data.Samples.Count);
        Assert.Equal(cases.Select(c => c.Label), data.Samples.Select(s => s.Label));
        Assert.All(data.Samples, s => Assert.Equal(32 * 32, s.Pixels.Length));
        Assert.Equal(3, data.Samples.Select(s => s.PatientKey).Distinct().Count()); // two images per patient
        Assert.All(data.Samples, s => Assert.DoesNotContain("PH-", s.PatientKey, StringComparison.Ordinal));
        Assert.Contains("6 DICOM images of 3 patients", data.Description, StringComparison.Ordinal);
        // Pixels normalised per image: mean 0, standard deviation 1.
        Assert.InRange(data.Samples[0].Pixels.Average(), -1e-3, 1e-3);
    }

    [Fact]
    public void Masks_become_segmentation_targets_and_series_uids_label_whole_series()
    {
        using var dir = new TempDirectory();
        var cases = WritePhantoms(dir.Path);
        var segmentation = LabelledDicomFolder.Load(dir.Path, Classification with { Kind = TrainingTaskKind.Segmentation });
        Assert.All(segmentation.Samples.Zip(cases), p => Assert.Equal(p.Second.Label == 1, p.First.Target!.Contains(1f)));

        var series = DicomFile.Open(Path.Combine(dir.Path, "images", cases[0].Id + ".dcm")).Dataset.GetString(DicomTag.SeriesInstanceUID);
        File.WriteAllText(Path.Combine(dir.Path, "labels.csv"), $"series_instance_uid,label\n{series},1\n");
        var bySeries = LabelledDicomFolder.Load(dir.Path, Classification);
        Assert.Equal(1, Assert.Single(bySeries.Samples).Label);
    }

    [Fact]
    public void A_row_naming_a_missing_file_or_uid_is_reported_with_its_line()
    {
        using var dir = new TempDirectory();
        WritePhantoms(dir.Path, 2);
        var labels = Path.Combine(dir.Path, "labels.csv");

        File.WriteAllText(labels, "file,label\nimages/cxr-s4-000000.dcm,normal\nimages/missing.dcm,normal\n");
        var missingFile = Assert.Throws<DatasetException>(() => LabelledDicomFolder.Load(dir.Path, Classification));
        Assert.Contains("line 3", missingFile.Message, StringComparison.Ordinal);
        Assert.Contains("images/missing.dcm", missingFile.Message, StringComparison.Ordinal);

        File.WriteAllText(labels, "sop_instance_uid,label\n1.2.3.4.5,normal\n");
        var missingUid = Assert.Throws<DatasetException>(() => LabelledDicomFolder.Load(dir.Path, Classification));
        Assert.Contains("line 2", missingUid.Message, StringComparison.Ordinal);
        Assert.Contains("1.2.3.4.5", missingUid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_label_is_reported_with_its_line_and_the_allowed_labels()
    {
        using var dir = new TempDirectory();
        WritePhantoms(dir.Path, 2);
        File.WriteAllText(Path.Combine(dir.Path, "labels.csv"), "file,label\nimages/cxr-s4-000000.dcm,normal\nimages/cxr-s4-000001.dcm,pneumonia\n");

        var e = Assert.Throws<DatasetException>(() => LabelledDicomFolder.Load(dir.Path, Classification));
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("'pneumonia'", e.Message, StringComparison.Ordinal);
        Assert.Contains("normal, tuberculosis", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_dataset_or_a_missing_labels_file_is_refused()
    {
        using var dir = new TempDirectory();
        var missing = Assert.Throws<DatasetException>(() => LabelledDicomFolder.Load(dir.Path, Classification));
        Assert.Contains("labels.csv", missing.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(dir.Path, "labels.csv"), "sop_instance_uid,label\n");
        var empty = Assert.Throws<DatasetException>(() => LabelledDicomFolder.Load(dir.Path, Classification));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dicom_file_without_pixel_data_is_named_as_not_an_image()
    {
        using var dir = new TempDirectory();
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomUid.BasicTextSRStorage.Value);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, "1.2.826.0.1.3680043.2.1143.42");
        ds.AddOrUpdate(DicomTag.Modality, "SR");
        new DicomFile(ds) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian }.Save(Path.Combine(dir.Path, "report.dcm"));
        File.WriteAllText(Path.Combine(dir.Path, "labels.csv"), "sop_instance_uid,label\n1.2.826.0.1.3680043.2.1143.42,normal\n");

        var e = Assert.Throws<DatasetException>(() => LabelledDicomFolder.Load(dir.Path, Classification));
        Assert.Contains("report.dcm", e.Message, StringComparison.Ordinal);
        Assert.Contains("not an image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rle_compressed_images_load_as_their_uncompressed_originals_and_jpeg_is_refused_naming_the_file()
    {
        using var dir = new TempDirectory();
        var cases = WritePhantoms(dir.Path, 2);
        var native = LabelledDicomFolder.Load(dir.Path, Classification);
        var images = cases.Select(c => Path.Combine(dir.Path, "images", c.Id + ".dcm")).ToArray();
        using var outside = new TempDirectory(); // the loader reads every DICOM file under its folder
        var original = outside.Combine("original.dcm");
        File.Copy(images[0], original);
        foreach (var image in images)
        {
            var rle = Peers.Run(Peers.Require("dcmcrle", "dcmtk"), [image, image + ".rle"]);
            Assert.True(rle.ExitCode == 0, rle.Combined);
            File.Move(image + ".rle", image, overwrite: true);
        }

        Assert.Equal(DicomTransferSyntax.RLELossless, DicomFile.Open(images[0]).TransferSyntax);
        var decoded = LabelledDicomFolder.Load(dir.Path, Classification);
        Assert.Equal(native.Samples.Select(s => s.Pixels), decoded.Samples.Select(s => s.Pixels));

        var jpeg = Peers.Run(Peers.Require("dcmcjpeg", "dcmtk"), ["+e1", original, images[0] + ".jpeg"]);
        Assert.True(jpeg.ExitCode == 0, jpeg.Combined);
        File.Move(images[0] + ".jpeg", images[0], overwrite: true);
        var e = Assert.Throws<DatasetException>(() => LabelledDicomFolder.Load(dir.Path, Classification));
        Assert.Contains(cases[0].Id + ".dcm", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be decoded", e.Message, StringComparison.Ordinal);
    }
}
