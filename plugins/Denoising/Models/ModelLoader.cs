using RadCnn.Training.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Models;

/// <summary>Builds a denoiser with shipped weights (a TorchSharp state dict written by the trainer).</summary>
internal static class ModelLoader
{
    public const string RedName = "denoising-red";

    public const string UNetName = "denoising-unet";

    /// <summary>The U-Net with a third pooling (candidate; measured in the plugin README).</summary>
    public const string DeepUNetName = "denoising-unet3";

    /// <summary>The U-Net whose noise estimate sees the input minus its mean (candidate; measured in the plugin README).</summary>
    public const string MeanCentredUNetName = "denoising-unet-mc";

    /// <summary>
    /// The mean-centred U-Net's architecture with weights fine-tuned on sparse-view low-dose input (every 6th view):
    /// FBP's streaks as well as the noise (`radcnn train denoising-unet-sparse`; plugin README, "Sparse views").
    /// </summary>
    public const string SparseUNetName = "denoising-unet-sparse";

    /// <summary>
    /// The mean-centred U-Net's architecture with weights fine-tuned on textured body phantoms in 128 px crops centred in
    /// the body (`radcnn train denoising-unet-mc-textured-128`; the default since plugin 1.4.0, plugin README "Plugin 1.4.0").
    /// </summary>
    public const string TexturedMeanCentredUNetName = "denoising-unet-mc-textured";

    /// <summary>The mean-centred U-Net at <see cref="WideChannels"/> channels (candidate; measured in the plugin README).</summary>
    public const string WideMeanCentredUNetName = "denoising-unet-mc-wide";

    /// <summary>Full-resolution channels of <see cref="WideMeanCentredUNetName"/> (the shipped U-Net has 16).</summary>
    public const int WideChannels = 24;

    /// <summary>What an input side must be a multiple of: 2 to the network's number of poolings.</summary>
    public static int SideMultiple(string name) => name == DeepUNetName ? 8 : 4;

    /// <summary>The layout networks are created with: channels-last, except where a bench compares it with the default.</summary>
    internal static bool ChannelsLastByDefault { get; set; } = true;

    public static nn.Module<Tensor, Tensor> Create(string name)
    {
        nn.Module<Tensor, Tensor> model = name switch
        {
            RedName => new ResidualEncoderDecoder(),
            UNetName => new ResidualUNet(),
            DeepUNetName => new ResidualUNet(levels: 3),
            MeanCentredUNetName or SparseUNetName or TexturedMeanCentredUNetName => new ResidualUNet(meanCentred: true),
            WideMeanCentredUNetName => new ResidualUNet(channels: WideChannels, meanCentred: true),
            _ => throw new ArgumentException($"unknown denoising model '{name}' ({RedName}, {UNetName}, {DeepUNetName}, {MeanCentredUNetName}, {TexturedMeanCentredUNetName}, {SparseUNetName} or {WideMeanCentredUNetName})", nameof(name)),
        };
        SetChannelsLast(model, ChannelsLastByDefault);
        return model;
    }

    /// <summary>Switches a denoiser's channels-last feature maps on or off (to compare the layouts; on by default).</summary>
    public static void SetChannelsLast(nn.Module<Tensor, Tensor> model, bool on)
    {
        switch (model)
        {
            case ResidualUNet unet:
                unet.UseChannelsLast = on;
                break;
            case ResidualEncoderDecoder red:
                red.UseChannelsLast = on;
                break;
            default:
                throw new ArgumentException($"not a denoiser: {model.GetType().Name}", nameof(model));
        }
    }

    public static nn.Module<Tensor, Tensor> Load(string name, byte[] weights) => ModuleWeights.Load(Create(name), weights);
}
