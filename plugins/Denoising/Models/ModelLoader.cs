using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Models;

/// <summary>Builds a denoiser with shipped weights (a TorchSharp state dict written by the trainer).</summary>
internal static class ModelLoader
{
    public static nn.Module<Tensor, Tensor> Load(byte[] weights)
    {
        var net = new ResidualEncoderDecoder();
        using var stream = new MemoryStream(weights, writable: false);
        using var reader = new BinaryReader(stream);
        net.load(reader);
        net.eval();
        return net;
    }
}
