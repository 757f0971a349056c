using System.Runtime.InteropServices;
using RadCnn.Dicom.Iods;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Iods;

/// <summary>
/// Source images for the result-object tests: pydicom's real CT and MR files, and multi-slice CT
/// series generated from CT_small (same patient and study, new series, a ball phantom as pixels).
/// </summary>
internal static class IodSources
{
    public static readonly AlgorithmIdentity Algorithm = new("radcnn.test-plugin", "1.2.3") { DisplayName = "TestNet" };

    public static DicomDataset Open(string name) =>
        DicomFile.Open(Path.Combine(Peers.RequirePydicomTestFiles(), name)).Dataset;

    /// <summary>Pixels in modality units, decoded by RadCnn's pixel-data reader (datasets here are native little endian).</summary>
    public static float[] ModalityPixels(DicomDataset dataset) =>
        SourcePixels.Modality(new DicomFile(dataset) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian });

    /// <summary>
    /// A CT series of <paramref name="slices"/> 64x64 slices 2.5 mm apart, cloned from CT_small (its
    /// patient, study and frame of reference), given in reverse z order so builders must sort. The
    /// volume holds HU values: air outside, a water ball of radius 20 mm with a +200 HU core.
    /// </summary>
    public static (List<DicomDataset> Slices, float[] Volume) GeneratedSeries(int slices, int size = 64)
    {
        var template = Open("CT_small.dcm");
        var series = DicomUid.Generate().Value;
        var list = new List<DicomDataset>();
        var volume = new float[slices * size * size];
        const double spacing = 2.5, pixel = 1.0;
        for (var k = 0; k < slices; k++)
        {
            var z = (slices - 1 - k) * spacing;
            var ds = template.Clone();
            ds.RemoveAll(i => i.Tag.IsPrivate);
            ds.AddOrUpdate(DicomTag.SeriesInstanceUID, series);
            ds.AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate().Value);
            ds.AddOrUpdate(DicomTag.InstanceNumber, k + 1);
            ds.AddOrUpdate(DicomTag.ImagePositionPatient, -32.0, -32.0, z);
            ds.AddOrUpdate(DicomTag.ImageOrientationPatient, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0);
            ds.AddOrUpdate(DicomTag.SliceLocation, z);
            ds.AddOrUpdate(DicomTag.SliceThickness, spacing);
            ds.AddOrUpdate(DicomTag.PixelSpacing, pixel, pixel);
            ds.AddOrUpdate(DicomTag.Rows, size);
            ds.AddOrUpdate(DicomTag.Columns, size);
            ds.AddOrUpdate(DicomTag.RescaleSlope, 1.0);
            ds.AddOrUpdate(DicomTag.RescaleIntercept, -1024.0);
            ds.AddOrUpdate(DicomTag.WindowCenter, 40.0);
            ds.AddOrUpdate(DicomTag.WindowWidth, 400.0);
            var stored = new short[size * size];
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var dz = z - (slices - 1) * spacing / 2;
                    var r = Math.Sqrt((x - size / 2.0) * (x - size / 2.0) + (y - size / 2.0) * (y - size / 2.0) + dz * dz);
                    var hu = r < 8 ? 200f : r < 20 ? 0f : -1000f;
                    volume[k * size * size + y * size + x] = hu;
                    stored[y * size + x] = (short)(hu + 1024);
                }
            }

            ds.AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, MemoryMarshal.AsBytes(stored.AsSpan()).ToArray()));
            list.Add(ds);
        }

        return (list, volume);
    }

    /// <summary>Writes a result with RadCnn's writer and opens it again with RadCnn's reader.</summary>
    public static (string Path, DicomFile ReadBack) SaveAndReopen(DicomFile file, TempDirectory directory, string name)
    {
        var path = directory.Combine(name);
        file.Save(path);
        // RADCNN_KEEP_RESULTS=dir keeps the objects for a look with a viewer or dciodvfy by hand.
        if (Environment.GetEnvironmentVariable("RADCNN_KEEP_RESULTS") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(path, Path.Combine(keep, name), overwrite: true);
        }

        return (path, DicomFile.Open(path));
    }
}
