using RadCnn.Dicom.Dump;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Dump;

/// <summary>The listing covers every element DCMTK's dcmdump lists, with the same tags at the same nesting depth.</summary>
public sealed class DicomDumpWriterTests
{
    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("rtplan.dcm")]
    [InlineData("priv_SQ.dcm")]
    [InlineData("MR_small_RLE.dcm")]
    public void ListsTheSameElementsAsDcmdump(string name)
    {
        var path = Path.Combine(Peers.PydicomTestFiles, name);
        var dump = DicomDumpWriter.Dump(DicomFile.Open(path));
        var peer = Peers.Run(Peers.Require("dcmdump", "dcmtk"), ["-q", path]);
        var expected = Tags(peer.StandardOutput).Where(t => !t.Contains("fffe,e00d", StringComparison.Ordinal) && !t.Contains("fffe,e0dd", StringComparison.Ordinal)).ToList();
        var ours = Tags(dump).ToList();
        Assert.Equal(expected, ours);
    }

    [Fact]
    public void ShowsDecodedNamesAndUnloadedPixelData()
    {
        var dump = DicomDumpWriter.Dump(DicomFile.Open(Path.Combine(Peers.PydicomCharsetFiles, "chrH31.dcm")));
        Assert.Contains("(0010,0010) PN [Yamada^Tarou=山田^太郎=やまだ^たろう]", dump, StringComparison.Ordinal);
        Assert.Contains("# Used TransferSyntax:", dump, StringComparison.Ordinal);
    }

    /// <summary>Tag and depth of every line ("  (0008,0005)"), group 0002 included.</summary>
    private static IEnumerable<string> Tags(string dump) =>
        dump.Split('\n').Select(l => l.TrimEnd()).Where(l => l.TrimStart().StartsWith('(')).Select(l => l[..(l.IndexOf('(', StringComparison.Ordinal) + 11)].ToLowerInvariant());
}
