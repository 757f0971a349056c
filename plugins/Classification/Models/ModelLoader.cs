using RadCnn.Training.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Models;

/// <summary>Builds the networks with the shipped weights (TorchSharp state dicts written by the trainer).</summary>
internal static class ModelLoader
{
    public static nn.Module<Tensor, Tensor> Load3d(byte[] weights) => ModuleWeights.Load(new Nodule3dNet(), weights);

    public static nn.Module<Tensor, Tensor> Load2d(byte[] weights, int views = 3) => ModuleWeights.Load(new MultiView2dNet(views), weights);
}
