namespace RadCnn.Plugins.Segmentation.Models;

/// <summary>Builds the uterus 2D U-Net with shipped weights (a TorchSharp state dict written by the trainer).</summary>
internal static class UNet2DLoader
{
    public static UNet2D Load(int planes, byte[] weights)
        => RadCnn.Training.Models.ModuleWeights.Load(new UNet2D(planes, Training.UterusRecipeBase.BaseChannels), weights);

    public static UNet2D Load(int planes, string path) => Load(planes, File.ReadAllBytes(path));
}
