using RadCnn.Dicom;
using RadCnn.Host.Store;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>
/// Writes small synthetic DICOM series with sentinel identifying values, so tests can prove that
/// none of them reaches logs, traces or metrics.
/// </summary>
internal static class TestStudy
{
    public const string PatientName = "SENTINELNAME^JOSEPHINE";
    public const string PatientId = "SENTINELPID4711";
    public const string BirthDate = "19230405";
    public const string Accession = "SENTINELACC99";
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";

    public static IReadOnlyList<string> IdentifyingValues { get; } = ["SENTINELNAME", "JOSEPHINE", PatientId, BirthDate, Accession];

    public static string NewUid() => DicomUid.Generate().Value;

    /// <summary>Writes <paramref name="count"/> slices of one series into <paramref name="directory"/>; returns their paths.</summary>
    public static List<string> WriteSeries(string directory, string studyUid, string seriesUid, string modality, int count,
        string bodyPart = "CHEST", string description = "SENTINEL description", int size = 16)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var sop = NewUid();
            var path = Path.Combine(directory, $"{modality}-{seriesUid[^6..]}-{i:D4}.dcm");
            Build(studyUid, seriesUid, sop, modality, i, bodyPart, description, size).Save(path);
            paths.Add(path);
        }

        return paths;
    }

    public static DicomFile Build(string studyUid, string seriesUid, string sopUid, string modality, int index, string bodyPart, string description, int size)
    {
        var sopClass = modality == "MR" ? MrImageStorage : CtImageStorage;
        var data = new DicomDataset();
        data.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 100");
        data.AddOrUpdate(DicomTag.SOPClassUID, sopClass);
        data.AddOrUpdate(DicomTag.SOPInstanceUID, sopUid);
        data.AddOrUpdate(DicomTag.StudyDate, "20260101");
        data.AddOrUpdate(DicomTag.AccessionNumber, Accession);
        data.AddOrUpdate(DicomTag.Modality, modality);
        data.AddOrUpdate(DicomTag.SeriesDescription, description);
        data.AddOrUpdate(DicomTag.PatientName, PatientName);
        data.AddOrUpdate(DicomTag.PatientID, PatientId);
        data.AddOrUpdate(DicomTag.PatientBirthDate, BirthDate);
        data.AddOrUpdate(DicomTag.BodyPartExamined, bodyPart);
        data.AddOrUpdate(DicomTag.StudyInstanceUID, studyUid);
        data.AddOrUpdate(DicomTag.SeriesInstanceUID, seriesUid);
        data.AddOrUpdate(DicomTag.SeriesNumber, "1");
        data.AddOrUpdate(DicomTag.InstanceNumber, (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        data.AddOrUpdate(DicomTag.ImagePositionPatient, "0", "0", (index * 2.5).ToString(System.Globalization.CultureInfo.InvariantCulture));
        data.AddOrUpdate(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
        data.AddOrUpdate(DicomTag.PixelSpacing, "0.7", "0.7");
        data.AddOrUpdate(DicomTag.SliceThickness, "2.5");
        data.AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1);
        data.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        data.AddOrUpdate(DicomTag.Rows, (ushort)size);
        data.AddOrUpdate(DicomTag.Columns, (ushort)size);
        data.AddOrUpdate(DicomTag.BitsAllocated, (ushort)16);
        data.AddOrUpdate(DicomTag.BitsStored, (ushort)12);
        data.AddOrUpdate(DicomTag.HighBit, (ushort)11);
        data.AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
        data.AddOrUpdate(DicomTag.RescaleIntercept, "-1024");
        data.AddOrUpdate(DicomTag.RescaleSlope, "1");
        var pixels = new ushort[size * size];
        for (var p = 0; p < pixels.Length; p++)
        {
            pixels[p] = (ushort)((p * 7 + index * 13) % 4096);
        }

        data.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, pixels);
        return new DicomFile(data);
    }

    /// <summary>
    /// Waits until something accepts TCP connections on the port (the service's listener is up); with
    /// <paramref name="host"/>, fails at once when that process has exited instead of waiting out the minute.
    /// </summary>
    public static async Task WaitForPortAsync(int port, System.Diagnostics.Process? host = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(host?.HasExited == true, "radcnn run exited early");
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Polls the store's status until the condition holds; fails with the counts after 90 s.</summary>
    public static async Task WaitForAsync(IJobStore store, Func<StoreStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        StoreStatus status;
        while (!condition(status = await store.GetStatusAsync()))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"pipeline did not get there: instances {status.Instances}, jobs {string.Join(", ", status.Jobs)}, work items {string.Join(", ", status.WorkItems)}");
            await Task.Delay(100);
        }
    }

    /// <summary>DCMTK storescu (TCP_NODELAY, calling AE MODALITY1) sends the files to the service's listener on the port.</summary>
    public static RadCnn.TestSupport.ProcessResult Storescu(int port, IEnumerable<string> files) =>
        RadCnn.TestSupport.Dcmtk.Store(port, files, callingAe: "MODALITY1");
}
