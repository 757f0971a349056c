using System.Text.Json.Nodes;
using RadCnn.Abstractions.Plugins;
using RadCnn.Dicom.Iods;
using RadCnn.Engine;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;
using RadCnn.Training.Inference;
using RadCnn.Training.Models;
using RadCnn.Training.Optimization;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Inference;

/// <summary>
/// The kit's operator prepares images for the input the model.json beside the weights records, not for
/// a size compiled into the plugin, and refuses at start-up a model.json without a usable input.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class ImageInferenceOperatorTests
{
    [Fact]
    public async Task TheInputRecordedInModelJsonIsWhatTheNetworkReceives()
    {
        using var folder = PluginFolder(new JsonObject { ["channels"] = 1, ["height"] = 40, ["width"] = 56, ["normalization"] = "perImageZScore" });
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new ShapeRecordingOperator();
        await plugin.InitializeAsync(new PluginTestContext(folder.Path, engine, new Dictionary<string, string?> { ["Probe"] = "false" }), CancellationToken.None);

        // A 100x80 image (taller than wide) into a 40x56 input: the network sees 40x56, nothing else.
        var random = new Random(5);
        var read = await plugin.ReadAsync(Enumerable.Range(0, 100 * 80).Select(_ => (float)random.NextDouble()).ToArray(), 100, 80, monochrome1: false, CancellationToken.None);
        Assert.Equal(new long[] { 1, 1, 40, 56 }, plugin.SeenShape);
        Assert.Equal((40, 56), (read.Input.Height, read.Input.Width));
        Assert.InRange(read.Probability, 0, 1);
        Assert.Null(read.Robustness); // probing is off in this context
        Assert.Empty(read.HeatMap); // the operator explains nothing: no map
    }

    [Theory]
    [InlineData(null, "records no input")]
    [InlineData("{\"channels\":1,\"height\":0,\"width\":56,\"normalization\":\"perImageZScore\"}", "unusable input")]
    [InlineData("{\"channels\":1,\"height\":40,\"width\":56,\"normalization\":\"window\",\"windowWidth\":0}", "window width")]
    [InlineData("{\"channels\":1,\"height\":40,\"width\":56,\"normalization\":\"sideways\"}", "not a valid model.json")]
    [InlineData("{\"channels\":3,\"height\":40,\"width\":56,\"normalization\":\"perImageZScore\"}", "greyscale")]
    public async Task AMissingOrInvalidInputIsRefusedAtStartUpWithTheReason(string? input, string reason)
    {
        using var folder = PluginFolder(input is null ? null : JsonNode.Parse(input));
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new ShapeRecordingOperator();
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => plugin.InitializeAsync(new PluginTestContext(folder.Path, engine), CancellationToken.None).AsTask());
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUninitialisedOperatorSaysSo()
    {
        await using var plugin = new ShapeRecordingOperator();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => plugin.ReadAsync(new float[64 * 64], 64, 64, false, CancellationToken.None));
        Assert.Contains("not initialised", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A plugin folder: manifest naming one weight file (with its SHA-256), the weights of a small classifier, and a model.json.</summary>
    private static TempDirectory PluginFolder(JsonNode? input)
    {
        var folder = new TempDirectory("radcnn-kit-operator");
        Directory.CreateDirectory(folder.Combine("model"));
        manual_seed(11);
        using (var net = new TinyClassifier(1, 2))
        {
            net.save(folder.Combine("model/model.bin"));
        }

        File.WriteAllText(folder.Combine("Kit.dll"), "not loaded: the test constructs the operator itself");
        var card = new JsonObject { ["decision"] = new JsonObject { ["threshold"] = 0.5, ["temperature"] = 1.0 } };
        if (input is not null)
        {
            card["input"] = input;
        }

        File.WriteAllText(folder.Combine("model/model.json"), card.ToJsonString());
        File.WriteAllText(folder.Combine("plugin.json"), new JsonObject
        {
            ["id"] = "test.kit",
            ["version"] = "1.0.0",
            ["displayName"] = "Kit test operator",
            ["entryAssembly"] = "Kit.dll",
            ["entryType"] = "Kit.Plugin",
            ["minContractVersion"] = "1.0",
            ["accepts"] = new JsonObject { ["modalities"] = new JsonArray("CR") },
            ["models"] = new JsonArray(new JsonObject { ["name"] = "weights", ["path"] = "model/model.bin", ["sha256"] = WeightFiles.Sha256(folder.Combine("model/model.bin")) }),
        }.ToJsonString());
        return folder;
    }

    /// <summary>An operator around the small classifier that records the shape of the last input its network received.</summary>
    private sealed class ShapeRecordingOperator : ImageInferenceOperator
    {
        public long[]? SeenShape { get; private set; }

        protected override string WeightsName => "weights";

        protected override FindingDescription Finding { get; } = new(ResultCodes.Nodule, "nodule", "Nodule suspected", "No nodule");

        public override PluginDescription Describe() => new("test operator");

        protected override nn.Module<Tensor, Tensor> CreateClassifier(byte[] weights)
        {
            var net = new TinyClassifier(1, 2);
            using var reader = new BinaryReader(new MemoryStream(weights));
            net.load(reader);
            net.eval();
            return new Recorder(net, shape => SeenShape = shape);
        }
    }

    private sealed class Recorder : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> net;
        private readonly Action<long[]> seen;

        public Recorder(nn.Module<Tensor, Tensor> net, Action<long[]> seen)
            : base(nameof(Recorder))
        {
            this.net = net;
            this.seen = seen;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            seen(input.shape);
            return net.forward(input);
        }
    }
}
