namespace RadCnn.Plugins.Segmentation.Models;

/// <summary>Builds the uterus 2D U-Net with shipped weights (a TorchSharp state dict written by the trainer).</summary>
internal static class UNet2DLoader
{
    /// <param name="baseChannels">The network's width (the uterus network and the shipped tumour network: <see cref="Training.UterusRecipeBase.BaseChannels"/>); weights of another width fail to load.</param>
    public static UNet2D Load(int planes, byte[] weights, int baseChannels = Training.UterusRecipeBase.BaseChannels)
        => RadCnn.Training.Models.ModuleWeights.Load(new UNet2D(planes, baseChannels), weights);

    public static UNet2D Load(int planes, string path, int baseChannels = Training.UterusRecipeBase.BaseChannels) => Load(planes, File.ReadAllBytes(path), baseChannels);
}
