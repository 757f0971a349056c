using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Dictionary;

/// <summary>
/// The generated tag and UID tables come from the installed dcmtk and python3-pydicom packages, not
/// from copies of their files in RadCnn's tree: regenerating them where those packages are installed
/// gives the committed tables, line for line (the header naming the package versions aside).
/// </summary>
public sealed class DictionaryGeneratorTests
{
    private static readonly string[] Generated =
    [
        Path.Combine("src", "Dicom", "DicomTagGenerated.cs"),
        Path.Combine("src", "Dicom", "DicomUidGenerated.cs"),
        Path.Combine("src", "Dicom", "Dictionary", "DicomDictionaryTable.cs"),
    ];

    [Fact]
    public void Regenerating_from_the_installed_packages_gives_the_committed_tables_and_no_package_file_is_kept()
    {
        Peers.Require("dcmdump", "dcmtk");
        var root = RepositoryPaths.Root;
        Assert.False(Directory.Exists(Path.Combine(root, "src", "Dicom", "Dictionary", "data")), "copies of dcmtk's or pydicom's files are back in the tree");
        using var output = new TempDirectory("radcnn-dictionary");

        var result = Peers.Run("python3", [Path.Combine(root, "tools", "dicom-dictionary", "generate.py"), "--out", output.Path]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        foreach (var file in Generated)
        {
            var committed = Body(Path.Combine(root, file));
            var regenerated = Body(Path.Combine(output.Path, file));
            Assert.True(committed.SequenceEqual(regenerated), $"{file} differs from what the installed packages generate; rerun tools/dicom-dictionary/generate.py");
            Assert.Contains("dcmtk ", File.ReadLines(Path.Combine(output.Path, file)).Take(2).Last() + File.ReadLines(Path.Combine(output.Path, file)).First(), StringComparison.Ordinal);
        }
    }

    /// <summary>The file without its auto-generated header (which names the package versions).</summary>
    private static List<string> Body(string path) => [.. File.ReadLines(path).SkipWhile(l => l.StartsWith("//", StringComparison.Ordinal))];
}
