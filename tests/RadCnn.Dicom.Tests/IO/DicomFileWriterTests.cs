using RadCnn.Dicom.Tests.Oracle;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.IO;

/// <summary>Read, write, read again: the same dataset, the same bytes where nothing needed to change, and DCMTK reads it cleanly.</summary>
public sealed class DicomFileWriterTests
{
    /// <summary>
    /// Files whose written bytes differ from the original although the dataset is the same, and why.
    /// Everything else in the corpus that RadCnn reads is written back byte for byte.
    /// </summary>
    private static readonly Dictionary<string, string> NotByteExact = new(StringComparer.Ordinal)
    {
        ["charset_files/chrJapMulti.dcm"] = StaleGroupLength,
        ["charset_files/chrKoreanMulti.dcm"] = StaleGroupLength,
        ["test_files/693_J2KI.dcm"] = StaleGroupLength,
        ["test_files/SC_rgb_jpeg.dcm"] = "the dataset is implicit VR although the meta information says explicit VR; RadCnn writes what the meta says",
        ["test_files/dicomdirtests/DICOMDIR-nooffset"] = "an item's length runs 24 bytes past its sequence (tags were removed by hand); written with the true length",
        ["test_files/meta_missing_tsyntax.dcm"] = "the meta information has no Transfer Syntax UID; RadCnn writes one (Part 10 requires it)",
        ["test_files/no_meta_group_length.dcm"] = "the meta information has no group length; RadCnn writes one (Part 10 requires it)",
    };

    /// <summary>Checked against DCMTK (dcmconv +g= recomputes the same value RadCnn writes).</summary>
    private const string StaleGroupLength = "a group length element (gggg,0000) in the file is stale; RadCnn writes the true length";

    public static TheoryData<string> Files() => DicomCorpus.Names();

    [Theory]
    [MemberData(nameof(Files))]
    public void Round_trip_gives_the_same_dataset_and_dcmdump_reads_it_without_warnings(string name)
    {
        var path = DicomCorpus.Resolve(name);
        DicomFile original;
        try
        {
            original = DicomFile.Open(path);
        }
        catch (DicomFormatException)
        {
            return; // the broken files: covered by the comparison and bad-input tests
        }

        var syntax = original.TransferSyntax;
        if (syntax.IsBigEndian)
        {
            // Big endian is read only: write it as explicit VR little endian (the values are already little endian in memory).
            original.TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian;
        }

        using var temp = new TempDirectory("radcnn-roundtrip");
        var written = temp.Combine("out.dcm");
        original.Save(written);
        var again = DicomFile.Open(written);
        var differences = DatasetComparer.Differences(original.Dataset, again.Dataset);
        Assert.True(differences.Count == 0, string.Join('\n', differences.Take(20)));

        var originalBytes = File.ReadAllBytes(path);
        var writtenBytes = File.ReadAllBytes(written);
        var exact = original.Format == DicomFileFormat.Part10 && !syntax.IsBigEndian && !syntax.IsDeflated && !NotByteExact.ContainsKey(name);
        if (exact)
        {
            Assert.True(originalBytes.AsSpan().SequenceEqual(writtenBytes), $"{name}: written bytes differ from the original at offset {FirstDifference(originalBytes, writtenBytes)}");
        }

        // DCMTK reads the output without warnings, except those it also gives for the original (the
        // round trip keeps, e.g., encapsulated pixel data that the original labels OW, and UN sequences).
        var newWarnings = DcmdumpWarnings(written).Except(DcmdumpWarnings(path)).ToList();
        Assert.True(newWarnings.Count == 0, $"{name}: dcmdump: " + string.Join('\n', newWarnings));
    }

    [Theory]
    [InlineData("test_files/CT_small.dcm")]
    [InlineData("test_files/MR_small.dcm")]
    [InlineData("test_files/test-SR.dcm")]
    [InlineData("test_files/rtplan.dcm")]
    [InlineData("test_files/rtstruct.dcm")]
    [InlineData("test_files/MR_small_bigendian.dcm")]
    [InlineData("test_files/image_dfl.dcm")]
    public void Converting_between_implicit_and_explicit_VR_keeps_the_dataset_and_DCMTK_reads_it(string name)
    {
        var path = DicomCorpus.Resolve(name);
        var original = DicomFile.Open(path);
        using var temp = new TempDirectory("radcnn-convert");
        foreach (var syntax in new[] { DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.DeflatedExplicitVRLittleEndian })
        {
            var file = DicomFile.Open(path);
            file.TransferSyntax = syntax;
            var written = temp.Combine($"{syntax.Uid.Value}.dcm");
            file.Save(written);
            var again = DicomFile.Open(written);
            Assert.Equal(syntax, again.TransferSyntax);
            var differences = DatasetComparer.Differences(original.Dataset, again.Dataset, syntax.Name, privateMayBecomeUN: true);
            Assert.True(differences.Count == 0, string.Join('\n', differences.Take(20)));
            var newWarnings = DcmdumpWarnings(written).Except(DcmdumpWarnings(path)).ToList();
            Assert.True(newWarnings.Count == 0, $"{name} as {syntax.Name}: dcmdump: " + string.Join('\n', newWarnings));
        }
    }

    private static List<string> DcmdumpWarnings(string path)
    {
        var dcmdump = Peers.Run(Peers.Require("dcmdump", "dcmtk"), [path]);
        var lines = dcmdump.StandardError.Split('\n').Where(l => l.StartsWith("W:", StringComparison.Ordinal) || l.StartsWith("E:", StringComparison.Ordinal)).ToList();
        if (dcmdump.ExitCode != 0)
        {
            lines.Add($"exit code {dcmdump.ExitCode}");
        }

        return lines;
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return n;
    }
}
