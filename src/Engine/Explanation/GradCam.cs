using RadCnn.Abstractions.Engine;
using RadCnn.Engine.Models;
using RadCnn.Engine.Robustness;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Explanation;

/// <summary>
/// Grad-CAM (Selvaraju et al.): the feature layer's activations are weighted by the spatial mean of the
/// target score's gradient per channel, summed, passed through ReLU, upsampled to the input's resolution
/// and scaled to [0, 1]. The activations are captured with a forward hook, so the model's forward must
/// run the feature layer through <c>call</c> (as <c>Sequential</c> does).
/// </summary>
internal static class GradCam
{
    public static Tensor Run(RegisteredModel model, nn.Module<Tensor, Tensor> module, Tensor input, int targetClass, Device device)
    {
        var registration = model.Registration;
        if (registration.OutputKind != ModelOutputKind.ClassLogits || registration.FeatureLayer is not { } layerName)
        {
            throw new InferenceException(model.Name, InferenceFailure.NotSupported,
                "Grad-CAM needs a classifier (ClassLogits) registered with a FeatureLayer");
        }

        var layer = ModelStore.FindFeatureLayer(module, layerName)
            ?? throw new InferenceException(model.Name, InferenceFailure.NotSupported, $"feature layer '{layerName}' not found");

        using var scope = NewDisposeScope();
        Tensor? features = null;
        var hook = layer.register_forward_hook((_, _, output) =>
        {
            // Sequential disposes each intermediate it receives, so it gets an alias and the engine keeps
            // the original, which stays on the autograd path to the class score.
            features = output;
            return output.alias();
        });
        Tensor gradients;
        try
        {
            using var grad = enable_grad();
            var x = input.to(ScalarType.Float32, device).unsqueeze(0).detach().requires_grad_(true);
            var logits = module.call(x);
            OutputChecks.ThrowIfInvalid(model, logits, 1);
            if (features is null)
            {
                throw new InferenceException(model.Name, InferenceFailure.NotSupported,
                    $"feature layer '{layerName}' did not run through Module.call during the forward pass, so its activations cannot be captured");
            }

            var classes = logits.shape[1];
            if (targetClass < 0 || targetClass >= classes)
            {
                throw new InferenceException(model.Name, InferenceFailure.NotSupported, $"target class {targetClass} is outside 0..{classes - 1}");
            }

            gradients = torch.autograd.grad([logits[0, targetClass]], [features])[0];
        }
        finally
        {
            hook.remove();
        }

        using var noGrad = no_grad();
        var spatial = Enumerable.Range(2, (int)features.dim() - 2).Select(d => (long)d).ToArray();
        var weights = gradients.mean(spatial, keepdim: true);
        var cam = nn.functional.relu((weights * features.detach()).sum(1, keepdim: true));
        var size = input.shape.Skip(1).ToArray();
        var mode = size.Length switch
        {
            1 => InterpolationMode.Linear,
            2 => InterpolationMode.Bilinear,
            3 => InterpolationMode.Trilinear,
            _ => throw new InferenceException(model.Name, InferenceFailure.NotSupported, "Grad-CAM supports 1, 2 or 3 spatial dimensions"),
        };
        cam = nn.functional.interpolate(cam, size, mode: mode, align_corners: false)[0, 0];
        var low = cam.min();
        var range = cam.max() - low;
        var scaled = range.item<float>() > 0 ? (cam - low) / range : zeros_like(cam);
        return scaled.to(CPU).clone().DetachFromDisposeScope();
    }
}
