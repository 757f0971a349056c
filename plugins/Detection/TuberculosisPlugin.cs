using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.Plugins.Detection.Models;
using RadCnn.Training.Inference;
using RadCnn.Training.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Detection;

/// <summary>
/// Tuberculosis on frontal chest radiographs (CR, DX): the ensemble's calibrated probability and decision
/// (model.json's validated threshold), the FGSM probe, a Grad-CAM heat map (SC + PNG) and an SR, all from
/// the kit's <see cref="ImageInferenceOperator"/>. The heat map is the Inception-style member's at its
/// first inception block by default: it localises the phantom lesions far better than the AlexNet-style
/// member's (setting "HeatMap" = "mean" or "alexnet" changes it). Synthetic phantoms only: not for clinical use.
/// </summary>
public sealed class TuberculosisPlugin : ImageInferenceOperator
{
    /// <summary>The weight file's name in plugin.json.</summary>
    public const string ModelName = "ensemble";

    private static readonly string[] LateralViews = ["LL", "RL", "LATERAL", "LLD", "RLD"];

    protected override string WeightsName => ModelName;

    protected override FindingDescription Finding { get; } = new(ResultCodes.Tuberculosis, "tuberculosis", "Tuberculosis suspected", "Tuberculosis not detected")
    {
        Site = ResultCodes.Lung,
        AlgorithmName = "RadCnn TB detection",
        Model = "Ensemble",
        Note = "Synthetic-phantom model, not for clinical use.",
    };

    public override PluginDescription Describe() => new("Tuberculosis on frontal chest radiographs: probability, decision, robustness and Grad-CAM heat map.")
    {
        IntendedUse = "Research demonstration on synthetic chest radiograph phantoms; not for clinical use.",
        FindingCodes = [ResultCodes.Tuberculosis.Value],
    };

    protected override nn.Module<Tensor, Tensor> CreateClassifier(byte[] weights) => ModuleWeights.Load(new TuberculosisEnsemble(EnsembleOutput.Ensemble), weights);

    protected override IReadOnlyList<ExplainedModel> CreateExplainers(byte[] weights)
    {
        var settings = Context.Configuration;
        var alexnet = new ExplainedModel("tb-alexnet", () => ModuleWeights.Load(new TuberculosisEnsemble(EnsembleOutput.AlexNet), weights), settings["AlexNetLayer"] ?? TuberculosisEnsemble.AlexNetFeatureLayer);
        var inception = new ExplainedModel("tb-inception", () => ModuleWeights.Load(new TuberculosisEnsemble(EnsembleOutput.Inception), weights), settings["InceptionLayer"] ?? TuberculosisEnsemble.InceptionFeatureLayer);
        return settings["HeatMap"] switch
        {
            "alexnet" => [alexnet],
            "mean" => [alexnet, inception],
            _ => [inception],
        };
    }

    /// <summary>What the manifest cannot express: a lateral view (the operator applies the manifest's modalities and body parts).</summary>
    protected override string? RefusalReason(ImageSeriesWorkItem series) =>
        series.Instances.Select(i => i.GetStringOrDefault(DicomTag.ViewPosition, string.Empty).Trim()).FirstOrDefault(v => LateralViews.Contains(v, StringComparer.OrdinalIgnoreCase)) is { } view
            ? $"refused: view position {view} is a lateral view; the model reads frontal (PA/AP) chest radiographs only"
            : null;
}
