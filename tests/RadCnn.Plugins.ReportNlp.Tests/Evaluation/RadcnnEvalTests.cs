using System.Text.Json;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.ReportNlp.Tests.Evaluation;

/// <summary>`radcnn eval report-pe` (the toolkit's evaluator, through the plugin's recipe) on a report folder written by `radcnn phantom reports` with an unseen seed.</summary>
public sealed class RadcnnEvalTests
{
    [Fact]
    public void RadcnnEvalJudgesTheShippedWeightsOnAnUnseenPhantomFolder()
    {
        using var data = new TempDirectory("radcnn-reports-eval");
        Run("phantom", "reports", "--count", "120", "--seed", "6006", "--out", data.Path);
        var result = Run("eval", "report-pe", "--plugins", Path.GetDirectoryName(Repository.PluginFolder)!, "--weights", Path.Combine(Repository.ModelFolder, "model.bin"), "--data", data.Path, "--json", "--threads", "1");
        using var json = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]);
        Assert.Equal(120, json.RootElement.GetProperty("samples").GetInt32());
        var metrics = json.RootElement.GetProperty("metrics");
        Assert.True(metrics.GetProperty("auc").GetDouble() >= 0.98, result.StandardOutput);
        Assert.True(metrics.GetProperty("f1").GetDouble() >= 0.95, result.StandardOutput);
    }

    private static ProcessResult Run(params string[] arguments)
    {
        var result = Peers.Run("dotnet", [Repository.RadCnnDll, .. arguments], TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"radcnn {string.Join(' ', arguments)}: {result.Combined}");
        return result;
    }
}
