using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Training.Inference;
using RadCnn.Training.Models;
using static TorchSharp.torch;

namespace RadCnn.Samples.HelloPlugin;

/// <summary>
/// The sample third parties copy: a model-backed plugin on the kit's <see cref="ImageInferenceOperator"/>.
/// It supplies only its science, a tiny network (<see cref="HelloNet"/>) trained by <c>radcnn train hello</c>
/// (<see cref="HelloRecipe"/>) on synthetic chest radiographs; the operator reads model.json (input,
/// validated threshold, calibration), refuses what it cannot read, predicts, probes, explains and writes
/// the finding, a heat-map Secondary Capture (and PNG) and an SR. Synthetic phantoms only: not for clinical use.
/// </summary>
public sealed class HelloPlugin : ImageInferenceOperator
{
    /// <summary>The weight file's name in plugin.json.</summary>
    public const string ModelName = "hello";

    protected override string WeightsName => ModelName;

    protected override FindingDescription Finding { get; } = new(ResultCodes.Tuberculosis, "tuberculosis", "Tuberculosis suspected", "Tuberculosis not detected")
    {
        Site = ResultCodes.Lung,
        AlgorithmName = "RadCnn hello sample",
        Model = "HelloNet",
        Note = "Sample model trained in about a minute on 64-pixel synthetic phantoms; not for clinical use.",
    };

    public override PluginDescription Describe() => new("Sample: tuberculosis phantoms on frontal chest radiographs with a tiny CNN (probability, decision, robustness, heat map).")
    {
        IntendedUse = "Sample for plugin authors; synthetic phantoms only, not for clinical use.",
        FindingCodes = [ResultCodes.Tuberculosis.Value],
    };

    // Two class logits (normal, finding) for the prepared input; the operator adds the calibrated decision.
    protected override nn.Module<Tensor, Tensor> CreateClassifier(byte[] weights) => ModuleWeights.Load(new HelloNet(), weights);

    // The heat map: Grad-CAM of the same network at its last convolution block.
    protected override IReadOnlyList<ExplainedModel> CreateExplainers(byte[] weights) =>
        [new ExplainedModel("hello-gradcam", () => ModuleWeights.Load(new HelloNet(), weights), HelloNet.FeatureLayer)];

    // What the manifest (modalities CR/DX, body part CHEST) cannot say: the network reads frontal views only.
    protected override string? RefusalReason(ImageSeriesWorkItem series) =>
        series.Instances.Select(i => i.GetStringOrDefault(DicomTag.ViewPosition, string.Empty).Trim()).FirstOrDefault(v => v is "LL" or "RL" or "LATERAL") is { } view
            ? $"refused: view position {view} is a lateral view; the sample reads frontal chest radiographs only"
            : null;
}
