using System.Collections.Concurrent;
using System.Text.Json;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Oracle;

/// <summary>
/// pydicom's reading of the whole corpus, obtained once per test run by one python process running
/// pydicom_dump.py (one JSON line per file).
/// </summary>
public sealed class PydicomOracle
{
    private readonly ConcurrentDictionary<string, JsonElement> _byFile = new(StringComparer.Ordinal);

    public PydicomOracle()
    {
        var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Oracle", "pydicom_dump.py"));
        var files = DicomCorpus.Files();
        var result = Peers.Run(Peers.Python, ["-c", script, .. files], TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("pydicom_dump.py failed: " + result.StandardError);
        }

        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var doc = JsonDocument.Parse(line).RootElement;
            _byFile[DicomCorpus.Name(doc.GetProperty("file").GetString()!)] = doc;
        }
    }

    public JsonElement this[string name] => _byFile[name];
}
