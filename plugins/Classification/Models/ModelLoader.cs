using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Models;

/// <summary>Builds the networks with the shipped weights (TorchSharp state dicts written by the trainer).</summary>
internal static class ModelLoader
{
    public static nn.Module<Tensor, Tensor> Load3d(byte[] weights) => Load(new Nodule3dNet(), weights);

    public static nn.Module<Tensor, Tensor> Load2d(byte[] weights, int views = 3) => Load(new MultiView2dNet(views), weights);

    private static nn.Module<Tensor, Tensor> Load(nn.Module<Tensor, Tensor> net, byte[] weights)
    {
        using var stream = new MemoryStream(weights, writable: false);
        using var reader = new BinaryReader(stream);
        net.load(reader);
        net.eval();
        return net;
    }
}
