using System.Buffers.Binary;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Support;

/// <summary>Test inputs: pydicom's uncompressed test files and generated CT series, and a byte-level comparison of data sets.</summary>
internal static class TestFiles
{
    /// <summary>
    /// pydicom's Part 10 test files in an uncompressed (or deflated) transfer syntax with a standard
    /// storage SOP class, as (path, SOP Instance UID, transfer syntax).
    /// </summary>
    public static IReadOnlyList<(string Path, string SopInstanceUid, string TransferSyntax)> PydicomUncompressed()
    {
        const string script = """
import sys, os, pydicom
root = sys.argv[1]
ok = {'1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99'}
for name in sorted(os.listdir(root)):
    path = os.path.join(root, name)
    if not os.path.isfile(path):
        continue
    try:
        meta = pydicom.filereader.read_file_meta_info(path)
        ds = pydicom.dcmread(path)
        _ = [e for e in ds.iterall()]
    except Exception:
        continue
    ts = str(meta.get('TransferSyntaxUID', ''))
    uid = str(meta.get('MediaStorageSOPInstanceUID', ''))
    cls = str(meta.get('MediaStorageSOPClassUID', ''))
    if ts in ok and uid and cls and str(ds.get('SOPInstanceUID', '')) == uid:
        print(path + '|' + uid + '|' + ts + '|' + cls)
""";
        var result = Peers.RunPython(script, Peers.RequirePydicomTestFiles());
        Assert.True(result.ExitCode == 0, result.Combined);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('|'))
            .Where(p => Negotiation.StorageSopClassesAccess.IsStorage(p[3]))
            // Truncated files (MR_truncated, rtplan_truncated) are bad input for the sender, not test data for the link.
            .Where(p => Peers.Run(Peers.Require("dcmdump", "dcmtk"), ["-q", p[0]]) is { ExitCode: 0, StandardError.Length: 0 })
            .Select(p => (p[0], p[1], p[2]))
            .ToList();
    }

    /// <summary>Writes a CT series of <paramref name="count"/> 512x512 16-bit slices (explicit VR LE) with pydicom.</summary>
    public static void GenerateCtSeries(string directory, int count, int rows = 512)
    {
        const string script = """
import sys, os, numpy as np, pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
out, n, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
study, series, frame = generate_uid(), generate_uid(), generate_uid()
rng = np.random.default_rng(7)
base = rng.integers(0, 2000, size=(rows, rows), dtype=np.uint16)
for i in range(n):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
    ds.Modality = 'CT'
    ds.PatientName = 'Phantom^Test'
    ds.PatientID = 'PHANTOM'
    ds.InstanceNumber = i + 1
    ds.ImagePositionPatient = [0, 0, float(i)]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [0.7, 0.7]
    ds.SliceThickness = 1.0
    ds.Rows = ds.Columns = rows
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
    ds.PixelData = np.roll(base, i, axis=0).tobytes()
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(os.path.join(out, 'ct%04d.dcm' % i), write_like_original=False)
""";
        var result = Peers.RunPython(script, directory, count.ToString(), rows.ToString());
        Assert.True(result.ExitCode == 0, result.Combined);
    }

    /// <summary>
    /// Asserts that pydicom reads each (original, received) pair as equal data sets, group lengths
    /// and trailing padding aside: peers drop or add those when they re-encode, and nothing else
    /// may change.
    /// </summary>
    public static void AssertSameDataSetsInPydicom(IEnumerable<(string Original, string Received)> pairs)
    {
        const string script = """
import sys, pydicom
bad = []
for pair in sys.argv[1].split(';'):
    a, b = pair.split('=')
    x, y = pydicom.dcmread(a), pydicom.dcmread(b)
    for ds in (x, y):
        for tag in [t for t in ds.keys() if t.element == 0 or t == 0xFFFCFFFC]:
            del ds[tag]
    if x != y:
        bad.append(a)
print('\n'.join(bad))
sys.exit(1 if bad else 0)
""";
        var check = Peers.RunPython(script, string.Join(";", pairs.Select(p => p.Original + "=" + p.Received)));
        Assert.True(check.ExitCode == 0, check.Combined);
    }

    /// <summary>
    /// Pairs each file sent (in order) with what storescp stored. storescp's time-stamped names sort
    /// by arrival only among files of one modality, so files are matched by SOP Instance UID. Files that
    /// share a UID (pydicom's MR_small variants do) arrive within the same instant, where the names do not
    /// keep their order either: among them a sent file takes the stored one with its own data set, byte for
    /// byte, where there is one (each stored file is taken once), else the first left in name order, which
    /// the caller's byte comparison then reports.
    /// </summary>
    public static List<string> MatchStorescpFiles(IEnumerable<string> sent, IEnumerable<string> stored)
    {
        var byUid = stored.Order(StringComparer.Ordinal)
            .GroupBy(f => SopInstanceUidOf(File.ReadAllBytes(f)))
            .ToDictionary(g => g.Key, g => g.ToList());
        return sent.Select(f =>
        {
            var bytes = File.ReadAllBytes(f);
            if (!byUid.TryGetValue(SopInstanceUidOf(bytes), out var left) || left.Count == 0)
            {
                return "(missing)";
            }

            var same = left.FirstOrDefault(c => IsSameDataSet(bytes, File.ReadAllBytes(c)));
            var match = same ?? left[0];
            left.Remove(match);
            return match;
        }).ToList();
    }

    private static bool IsSameDataSet(byte[] a, byte[] b) =>
        TransferSyntaxOf(a) == TransferSyntaxOf(b) && DataSetBytes(a).SequenceEqual(DataSetBytes(b));

    /// <summary>The bytes after the file meta information group (its group length says where it ends).</summary>
    public static ReadOnlySpan<byte> DataSetBytes(byte[] file)
    {
        Assert.True(file.Length > 144 && file[128] == 'D' && file[131] == 'M', "not a Part 10 file");
        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(140));
        return file.AsSpan(144 + (int)groupLength);
    }

    public static string SopInstanceUidOf(byte[] file) => MetaValue(file, 0x0003);

    public static string TransferSyntaxOf(byte[] file) => MetaValue(file, 0x0010);

    /// <summary>A text value of the explicit VR LE file meta group, found without a DICOM parser so the test does not trust the code it tests.</summary>
    public static string MetaValue(byte[] file, ushort wanted)
    {
        var span = file.AsSpan(132);
        var offset = 0;
        while (offset + 8 <= span.Length && span[offset] == 2 && span[offset + 1] == 0)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 2)..]);
            var vr = System.Text.Encoding.ASCII.GetString(span.Slice(offset + 4, 2));
            int headerLength, length;
            if (vr is "OB" or "OW" or "UN" or "SQ" or "UT")
            {
                length = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 8)..]);
                headerLength = 12;
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 6)..]);
                headerLength = 8;
            }

            if (element == wanted)
            {
                return System.Text.Encoding.ASCII.GetString(span.Slice(offset + headerLength, length)).TrimEnd('\0', ' ');
            }

            offset += headerLength + length;
        }

        throw new InvalidDataException($"no (0002,{wanted:X4}) in the file meta");
    }
}
