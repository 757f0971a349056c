using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.TestSupport;

namespace RadCnn.Training.Tests.Data;

public sealed class ImagePreparationTests
{
    private static readonly InputSpec Input = new(1, 32, 32, NormalizationKind.PerImageZScore);

    [Fact]
    public void A_non_square_monochrome1_radiograph_is_prepared_for_training_exactly_as_a_plugin_prepares_it_at_inference()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("images"));
        const int rows = 40, columns = 64;

        // A wide detector, stored inverted (MONOCHROME1): bright = less attenuation, as some CR systems write it.
        var stored = new ushort[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                stored[(r * columns) + c] = (ushort)(4000 - (20 * r) - (c % 9 * 50) - (r > 15 && r < 25 && c > 30 && c < 40 ? 900 : 0));
            }
        }

        var path = dir.Combine("images", "wide.dcm");
        Radiograph(stored, rows, columns).Save(path);
        File.WriteAllText(dir.Combine("labels.csv"), "file,label\nimages/wide.dcm,1\n");

        var trained = Assert.Single(LabelledDicomFolder.Load(dir.Path, new LabelledFolderOptions(Input, ["normal", "tuberculosis"], TrainingTaskKind.BinaryClassification)).Samples);

        // What a plugin does with the same file: modality values, MONOCHROME1 negated, the shared preparation.
        var file = DicomFile.Open(path);
        var modality = DicomPixelData.Create(file).GetModalityValues<float>(0);
        var inferred = ImagePreparation.Fit(Array.ConvertAll(modality, v => -v), rows, columns, Input);

        Assert.Equal(inferred.Pixels, trained.Pixels);

        // Aspect kept (64 x 40 into 32 x 32 is 32 x 20, centred), not stretched: the band above is padding,
        // filled with the image's lowest value, i.e. the darkest (least attenuating) pixel after negation.
        Assert.Equal((6, 0, 20, 32), (inferred.Top, inferred.Left, inferred.Height, inferred.Width));
        var padding = trained.Pixels[0];
        Assert.All(trained.Pixels.AsSpan(0, 6 * 32).ToArray(), v => Assert.Equal(padding, v));
        Assert.True(trained.Pixels.AsSpan(6 * 32, 20 * 32).ToArray().All(v => v >= padding));
        Assert.Contains(trained.Pixels.AsSpan(6 * 32, 20 * 32).ToArray(), v => v > padding);
    }

    [Fact]
    public void A_mask_lands_where_its_image_lands_and_a_map_crops_back_to_the_image()
    {
        const int rows = 30, columns = 60;
        var image = new float[rows * columns];
        var mask = new float[rows * columns];
        for (var r = 10; r < 20; r++)
        {
            for (var c = 20; c < 40; c++)
            {
                image[(r * columns) + c] = 100;
                mask[(r * columns) + c] = 1;
            }
        }

        var prepared = ImagePreparation.Fit(image, rows, columns, Input);
        var target = ImagePreparation.FitMask(mask, rows, columns, Input);

        Assert.Equal((8, 0, 16, 32), (prepared.Top, prepared.Left, prepared.Height, prepared.Width));
        // The bright box (bilinear) and its mask (nearest) share a centre within a pixel.
        var half = (prepared.Pixels.Max() + prepared.Pixels.Min()) / 2;
        var (imageRow, imageColumn) = Centroid(i => prepared.Pixels[i] > half);
        var (maskRow, maskColumn) = Centroid(i => target[i] == 1);
        Assert.InRange(Math.Abs(imageRow - maskRow), 0, 1);
        Assert.InRange(Math.Abs(imageColumn - maskColumn), 0, 1);
        // The box's centre (row 14.5, column 29.5 of 30 x 60) maps to 8 + (15 x 16 / 30) - 0.5 and (30 x 32 / 60) - 0.5.
        Assert.InRange(maskRow, 15.0, 16.0);
        Assert.InRange(maskColumn, 15.0, 16.0);

        var cropped = prepared.CropToImage(target);
        Assert.Equal(16 * 32, cropped.Length);
        Assert.Equal(target.Sum(), cropped.Sum());
        Assert.Throws<ArgumentException>(() => ImagePreparation.Fit(image, rows, columns + 1, Input));
    }

    private static (double Row, double Column) Centroid(Func<int, bool> inside)
    {
        double rows = 0, columns = 0, n = 0;
        for (var i = 0; i < Input.Height * Input.Width; i++)
        {
            if (inside(i))
            {
                rows += i / Input.Width;
                columns += i % Input.Width;
                n++;
            }
        }

        Assert.True(n > 0);
        return (rows / n, columns / n);
    }

    private static DicomFile Radiograph(ushort[] stored, int rows, int columns)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomUid.DigitalXRayImageStorageForPresentation.Value);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate().Value);
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, DicomUid.Generate().Value);
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, DicomUid.Generate().Value);
        ds.AddOrUpdate(DicomTag.PatientID, "PREP-1");
        ds.AddOrUpdate(DicomTag.Modality, "DX");
        ds.AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME1");
        ds.AddOrUpdate(DicomTag.Rows, (ushort)rows);
        ds.AddOrUpdate(DicomTag.Columns, (ushort)columns);
        ds.AddOrUpdate(DicomTag.BitsAllocated, (ushort)16);
        ds.AddOrUpdate(DicomTag.BitsStored, (ushort)12);
        ds.AddOrUpdate(DicomTag.HighBit, (ushort)11);
        ds.AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
        var bytes = new byte[stored.Length * 2];
        Buffer.BlockCopy(stored, 0, bytes, 0, bytes.Length);
        ds.AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, bytes));
        return new DicomFile(ds);
    }
}
