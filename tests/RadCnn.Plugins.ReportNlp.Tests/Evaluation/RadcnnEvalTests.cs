using System.Text.Json;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.ReportNlp.Tests.Evaluation;

/// <summary>`radcnn eval report-pe` (the toolkit's evaluator, through the plugin's recipe) on a report folder written by `radcnn phantom reports` with an unseen seed.</summary>
public sealed class RadcnnEvalTests
{
    [Fact]
    public void RadcnnEvalReportsTheIssueFiguresForTheCnnAndTheRuleBaselineSideBySide()
    {
        using var data = new TempDirectory("radcnn-reports-eval");
        Run("phantom", "reports", "--count", "120", "--seed", "6006", "--out", data.Path);
        var result = Run("eval", "report-pe", "--plugins", Path.GetDirectoryName(Repository.PluginFolder)!, "--weights", Path.Combine(Repository.ModelFolder, "model.bin"), "--data", data.Path, "--json", "--threads", "1", "--seed", "6006");
        using var json = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        Assert.Equal(120, root.GetProperty("samples").GetInt32());
        Assert.True(root.GetProperty("metrics").GetProperty("auc").GetDouble() >= 0.98, result.StandardOutput);

        // The subsets are counted from the folder's own labels.csv, not from the command.
        var labels = File.ReadAllLines(Path.Combine(data.Path, "labels.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var evaluation = Assert.Single(root.GetProperty("evaluation").EnumerateArray().ToList());
        Assert.Equal(120, evaluation.GetProperty("reports").GetInt32());
        Assert.Equal(labels.Count(l => l[2] == "1"), evaluation.GetProperty("positives").GetInt32());
        foreach (var reader in new[] { "cnn", "ruleBaseline" })
        {
            var scores = evaluation.GetProperty(reader);
            var auc = scores.GetProperty("auc");
            Assert.InRange(auc.GetProperty("lower").GetDouble(), 0, auc.GetProperty("estimate").GetDouble());
            Assert.InRange(auc.GetProperty("upper").GetDouble(), auc.GetProperty("estimate").GetDouble(), 1);
            var subsets = scores.GetProperty("subsets");
            foreach (var subset in new[] { "negated", "hedged", "history", "plain" })
            {
                var score = subsets.GetProperty(subset);
                Assert.Equal(labels.Count(l => l[4] == subset), score.GetProperty("reports").GetInt32());
                Assert.InRange(score.GetProperty("accuracy").GetDouble(), score.GetProperty("lower").GetDouble(), score.GetProperty("upper").GetDouble());
            }
        }

        var cnn = evaluation.GetProperty("cnn");
        Assert.True(cnn.GetProperty("f1").GetProperty("estimate").GetDouble() >= 0.95, result.StandardOutput);
        foreach (var subset in new[] { "negated", "hedged", "history" })
        {
            Assert.True(cnn.GetProperty("subsets").GetProperty(subset).GetProperty("accuracy").GetDouble() >= 0.93, $"{subset}: {result.StandardOutput}");
        }

        Assert.InRange(cnn.GetProperty("ece").GetDouble(), 0, 0.1);
        Assert.True(evaluation.GetProperty("cnnPerturbationFlipShare").GetProperty("any").GetDouble() <= 0.05, result.StandardOutput);
        Assert.True(evaluation.GetProperty("rulePerturbationFlipShare").TryGetProperty("any", out _));
        Assert.InRange(evaluation.GetProperty("cnnFgsmFlipShare").GetDouble(), 0, 1);

        // Without --json the same figures come as a table.
        var table = Run("eval", "report-pe", "--plugins", Path.GetDirectoryName(Repository.PluginFolder)!, "--weights", Path.Combine(Repository.ModelFolder, "model.bin"), "--data", data.Path, "--threads", "1");
        Assert.Contains("rule baseline (NegEx)", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("accuracy negated", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ECE", table.StandardOutput, StringComparison.Ordinal);
    }

    private static ProcessResult Run(params string[] arguments)
    {
        var result = Peers.Run("dotnet", [Repository.RadCnnDll, .. arguments], TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"radcnn {string.Join(' ', arguments)}: {result.Combined}");
        return result;
    }
}
