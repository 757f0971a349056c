using RadCnn.Abstractions.Tensors;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.Detection.Models;

/// <summary>
/// Both architectures in one module with one weight file: the ensemble's output is the log of the mean
/// of the members' softmax probabilities, so softmax of it is the averaged probability (the review's
/// ensemble), and the same weights can give either member alone for per-model evaluation and Grad-CAM.
/// </summary>
internal sealed class TuberculosisEnsemble : Module<Tensor, Tensor>
{
    /// <summary>Grad-CAM layers of the members, as in <c>named_modules()</c>.</summary>
    public const string AlexNetFeatureLayer = "alexnet.features";

    /// <remarks>The first inception block (24x24 at a 96 input): twice the resolution of the last block's maps.</remarks>
    public const string InceptionFeatureLayer = "inception.features.inception1";

    private readonly AlexNetStyle alexnet;
    private readonly InceptionStyle inception;
    private readonly EnsembleOutput output;

    public TuberculosisEnsemble(EnsembleOutput output = EnsembleOutput.Ensemble)
        : base(nameof(TuberculosisEnsemble))
    {
        this.output = output;
        alexnet = new AlexNetStyle();
        inception = new InceptionStyle();
        RegisterComponents();
    }

    /// <summary>Whether both members run their feature maps channels-last (the default; off only to compare the layouts).</summary>
    internal bool UseChannelsLast
    {
        get => alexnet.UseChannelsLast && inception.UseChannelsLast;
        set
        {
            alexnet.UseChannelsLast = value;
            inception.UseChannelsLast = value;
        }
    }

    public static IReadOnlyList<string> EarlyLayers { get; } =
        [.. AlexNetStyle.EarlyLayers.Select(p => "alexnet." + p), .. InceptionStyle.EarlyLayers.Select(p => "inception." + p)];

    public override Tensor forward(Tensor input)
    {
        switch (output)
        {
            case EnsembleOutput.AlexNet:
                return alexnet.call(input);
            case EnsembleOutput.Inception:
                return inception.call(input);
            default:
                using (var scope = NewDisposeScope())
                {
                    var mean = softmax(alexnet.call(input), 1).Plus(softmax(inception.call(input), 1)).div(KeptScalars.Of(2L));
                    return mean.clamp_min(KeptScalars.Of(1e-7)).log().MoveToOuterDisposeScope();
                }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            alexnet.Dispose();
            inception.Dispose();
        }

        base.Dispose(disposing);
    }
}
