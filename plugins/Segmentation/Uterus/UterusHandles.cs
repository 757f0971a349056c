using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// The engine registrations of the uterus model set: the uterus network (both outputs), the whole-slice tumour
/// network when shipped without the cascade (null: the uterus network's tumour output is used), one single-channel
/// head per segment for the probe, and the cascade's tumour network (for inference, and centred on the tumour
/// threshold for the probe) when it is shipped.
/// </summary>
internal sealed record UterusHandles(IModelHandle Uterus, IModelHandle? Tumour, IModelHandle UterusHead, IModelHandle TumourHead, (IModelHandle Inference, IModelHandle Probe)? CascadeTumour) : IDisposable
{
    /// <summary>
    /// Registers the model set with <paramref name="engine"/>: the plugin's set-up, and the bench's. The probe heads'
    /// logits are centred on <paramref name="probeCuts"/> (<see cref="DecisionCentredLogits"/>): the settings'
    /// thresholds in the plugin, so the probe judges the reported segments.
    /// </summary>
    public static UterusHandles Register(IInferenceEngine engine, UterusSettings settings, byte[] weights, byte[]? tumourWeights, (double Uterus, double Tumour) probeCuts)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(settings);
        long[] shape = [settings.Planes, MrSlices.Size, MrSlices.Size];
        IModelHandle Slices(string name, Func<nn.Module<Tensor, Tensor>> factory) => engine.Register(
            new ModelRegistration(name, factory, shape, ModelOutputKind.SegmentationLogits) { InputRange = (0, MrSlices.MaxValue), MaxBatchSize = UterusPipeline.MaxBatchSize });

        // A cascade tumour network (TumourCropSize > 0) reads the box around the uterus at its own size and
        // replaces the whole-slice tumour output.
        var cascade = tumourWeights is not null && settings.TumourCropSize > 0;
        IModelHandle Boxes(string name, Func<nn.Module<Tensor, Tensor>> factory) => engine.Register(
            new ModelRegistration(name, factory, [settings.Planes, settings.TumourCropSize, settings.TumourCropSize], ModelOutputKind.SegmentationLogits) { InputRange = (0, MrSlices.MaxValue), MaxBatchSize = UterusPipeline.MaxBatchSize });
        UNet2DChannel CascadeTumourChannel() => new(UNet2DLoader.Load(settings.Planes, tumourWeights!, settings.TumourBaseChannels), 1);
        return new UterusHandles(
            Slices("uterus-unet2d", () => UNet2DLoader.Load(settings.Planes, weights)),
            tumourWeights is null || cascade ? null : Slices("uterus-tumour-unet2d", () => UNet2DLoader.Load(settings.Planes, tumourWeights)),
            Slices("uterus-unet2d-uterus", () => new DecisionCentredLogits(new UNet2DChannel(UNet2DLoader.Load(settings.Planes, weights), 0), probeCuts.Uterus)),
            Slices("uterus-unet2d-tumour", () => new DecisionCentredLogits(new UNet2DChannel(UNet2DLoader.Load(settings.Planes, tumourWeights ?? weights), 1), probeCuts.Tumour)),
            cascade
                ? (Boxes("uterus-tumour-cascade", CascadeTumourChannel), Boxes("uterus-tumour-cascade-probe", () => new DecisionCentredLogits(CascadeTumourChannel(), probeCuts.Tumour)))
                : null);
    }

    /// <summary>The cascade's tumour network as a crop model (null without the cascade).</summary>
    public EngineTumourCropModel? CropModel(IInferenceEngine engine, UterusSettings settings, InferencePriority priority) =>
        CascadeTumour is { } crop ? new EngineTumourCropModel(engine, crop.Inference, crop.Probe, settings.Planes, settings.TumourCropSize, priority) : null;

    public void Dispose()
    {
        Uterus.Dispose();
        Tumour?.Dispose();
        UterusHead.Dispose();
        TumourHead.Dispose();
        if (CascadeTumour is { } crop)
        {
            crop.Inference.Dispose();
            crop.Probe.Dispose();
        }
    }
}
