using static TorchSharp.torch;

namespace RadCnn.Plugins.Detection.Models;

/// <summary>Builds the ensemble with the shipped weights (a TorchSharp state dict written by the trainer).</summary>
internal static class ModelLoader
{
    public static nn.Module<Tensor, Tensor> Load(EnsembleOutput output, byte[] weights)
    {
        var net = new TuberculosisEnsemble(output);
        using var stream = new MemoryStream(weights, writable: false);
        using var reader = new BinaryReader(stream);
        net.load(reader);
        net.eval();
        return net;
    }
}
