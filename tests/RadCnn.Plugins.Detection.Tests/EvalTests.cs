using System.Text.Json;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>`radcnn eval` of the shipped weights on phantoms made with a seed the training never used.</summary>
[Collection(PhantomCollection.Name)]
public sealed class EvalTests(PhantomFolderFixture phantoms)
{
    [Fact]
    public void EnsembleAucIsAtLeast095AndNotWorseThanEitherMember()
    {
        var ensemble = Auc("detection");
        var alexnet = Auc("detection-alexnet");
        var inception = Auc("detection-inception");
        Assert.True(ensemble >= 0.95, $"ensemble AUC {ensemble:F3} < 0.95");
        Assert.True(ensemble >= alexnet, $"ensemble AUC {ensemble:F4} below the AlexNet-style member's {alexnet:F4}");
        Assert.True(ensemble >= inception, $"ensemble AUC {ensemble:F4} below the Inception-style member's {inception:F4}");
    }

    private double Auc(string task)
    {
        var result = Cli.Run("eval", task, "--data", phantoms.Folder, "--json", "--weights", Repository.Weights,
            "--plugins", Path.GetDirectoryName(Repository.PluginFolder)!, "--threads", "2");
        var line = result.StandardOutput.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
        using var json = JsonDocument.Parse(line);
        Assert.Equal(PhantomFolderFixture.Count, json.RootElement.GetProperty("samples").GetInt32());
        return json.RootElement.GetProperty("metrics").GetProperty("auc").GetDouble();
    }
}
