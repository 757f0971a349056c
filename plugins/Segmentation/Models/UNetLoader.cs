using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Training.Recipes;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Models;

/// <summary>Builds a stage's 3D U-Net with shipped weights (a TorchSharp state dict written by the trainer).</summary>
internal static class UNetLoader
{
    public static UNet3D Load(StageSpec stage, byte[] weights, int baseChannels = Training.CtSegmentationRecipeBase.BaseChannels, bool refined = false)
        => RadCnn.Training.Models.ModuleWeights.Load(new UNet3D(stage.Patch.Depth, baseChannels, refined), weights);

    /// <summary>A stage's network from a weights file; <paramref name="baseChannels"/> for a wider candidate than the shipped 8, <paramref name="refined"/> for one with the full-resolution blocks.</summary>
    public static UNet3D Load(StageSpec stage, string path, int baseChannels = Training.CtSegmentationRecipeBase.BaseChannels, bool refined = false) => Load(stage, File.ReadAllBytes(path), baseChannels, refined);

    /// <summary>For tests and benches: a recipe's network with weights from a file.</summary>
    public static nn.Module<Tensor, Tensor> Load(ITrainingRecipe recipe, string path)
    {
        var net = recipe.CreateModel();
        RadCnn.Training.Optimization.WeightFiles.Load(net, path);
        net.eval();
        return net;
    }
}
