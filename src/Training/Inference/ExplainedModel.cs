using static TorchSharp.torch;

namespace RadCnn.Training.Inference;

/// <summary>
/// A network whose Grad-CAM heat map the operator draws: its name in the engine, how to build it from
/// the weights, and the layer whose activations the map is taken at. Several are averaged.
/// </summary>
/// <param name="Name">Engine registration name (unique within the plugin).</param>
/// <param name="CreateModule">Builds the network in evaluation mode; it returns class logits.</param>
/// <param name="FeatureLayer">Named module whose output Grad-CAM weighs.</param>
public sealed record ExplainedModel(string Name, Func<nn.Module<Tensor, Tensor>> CreateModule, string FeatureLayer);
