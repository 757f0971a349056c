using System.Security.Cryptography;
using System.Text.Json;
using RadCnn.TestSupport;

namespace RadCnn.Samples.HelloPlugin.Tests;

/// <summary>`radcnn train hello` finds the sample's recipe in its plugin folder and trains it with the toolkit.</summary>
public sealed class TrainingTests
{
    [Fact]
    public void Training_the_samples_recipe_on_a_phantom_folder_records_a_threshold_chosen_on_validation()
    {
        using var dir = new TempDirectory("radcnn-hello-train");
        var data = dir.Combine("data");
        var output = dir.Combine("run");
        Sample.Radcnn("phantom", "cxr", "--count", "40", "--seed", "77", "--size", "64", "--out", data);

        Sample.Radcnn("train", "hello", "--plugins", Path.GetDirectoryName(Sample.BuildFolder)!, "--data", data, "--epochs", "2", "--threads", "1", "--json", "--out", output);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "model.json")));
        var model = json.RootElement;
        Assert.Equal("hello", model.GetProperty("task").GetString());
        Assert.Equal([1, 64, 64], model.GetProperty("input").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(2, model.GetProperty("training").GetProperty("epochsRun").GetInt32());
        var decision = model.GetProperty("decision");
        Assert.Equal("youden", decision.GetProperty("rule").GetString());
        var threshold = decision.GetProperty("threshold").GetDouble();
        Assert.InRange(threshold, 1e-6, 1 - 1e-6);
        Assert.NotEqual(0.5, threshold);
        var validation = decision.GetProperty("validationSamples").GetInt32();
        Assert.InRange(validation, 1, 39);
        Assert.Equal(threshold, model.GetProperty("testMetrics").GetProperty("threshold").GetDouble());
        Assert.InRange(model.GetProperty("testMetrics").GetProperty("auc").GetDouble(), 0, 1);
        var weights = File.ReadAllBytes(Path.Combine(output, "model.bin"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(weights)), model.GetProperty("weights").GetProperty("sha256").GetString());
    }
}
