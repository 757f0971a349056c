using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Oracle;

/// <summary>The files RadCnn.Dicom is tested on: every DICOM file pydicom ships (test_files and charset_files).</summary>
internal static class DicomCorpus
{
    /// <summary>Not DICOM: documentation, JSON models and a gzip archive that sit beside the test files.</summary>
    private static readonly string[] NotDicom = [".txt", ".json", ".dump", ".gz", ".py"];

    public static IReadOnlyList<string> Files()
    {
        var roots = new[] { Peers.RequirePydicomTestFiles(), Peers.PydicomCharsetFiles };
        return roots
            .Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            .Where(f => !NotDicom.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith("README", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Path relative to pydicom's data folder, for readable test names and lists.</summary>
    public static string Name(string path) => Path.GetRelativePath(Path.GetDirectoryName(Peers.PydicomTestFiles)!, path);

    public static string Resolve(string name) => Path.Combine(Path.GetDirectoryName(Peers.PydicomTestFiles)!, name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var file in Files())
        {
            data.Add(Name(file));
        }

        return data;
    }
}
