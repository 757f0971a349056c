namespace RadCnn.Plugins.Segmentation.Models;

/// <summary>Builds the uterus 2D U-Net with shipped weights (a TorchSharp state dict written by the trainer).</summary>
internal static class UNet2DLoader
{
    public static UNet2D Load(int planes, byte[] weights)
    {
        var net = new UNet2D(planes, Training.UterusRecipeBase.BaseChannels);
        using var stream = new MemoryStream(weights, writable: false);
        using var reader = new BinaryReader(stream);
        net.load(reader);
        net.eval();
        return net;
    }

    public static UNet2D Load(int planes, string path) => Load(planes, File.ReadAllBytes(path));
}
