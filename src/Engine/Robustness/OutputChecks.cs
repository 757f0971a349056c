using RadCnn.Abstractions.Engine;
using RadCnn.Engine.Models;
using static TorchSharp.torch;

namespace RadCnn.Engine.Robustness;

/// <summary>Checks a model's output before anyone relies on it: one row per input, finite values, the shape its kind needs.</summary>
internal static class OutputChecks
{
    public static void ThrowIfInvalid(RegisteredModel model, Tensor output, long batch)
    {
        if (output.dim() == 0 || output.shape[0] != batch)
        {
            throw new InferenceException(model.Name, InferenceFailure.InvalidOutput,
                $"the model returned shape [{string.Join(", ", output.shape)}] for a batch of {batch}; the first dimension must be the batch");
        }

        var needsChannels = model.Registration.OutputKind != ModelOutputKind.Image;
        if (needsChannels && output.dim() < 2)
        {
            throw new InferenceException(model.Name, InferenceFailure.InvalidOutput,
                $"a {model.Registration.OutputKind} model must return [batch, classes, ...], got [{string.Join(", ", output.shape)}]");
        }

        using var scope = NewDisposeScope();
        if (!isfinite(output).all().item<bool>())
        {
            throw new InferenceException(model.Name, InferenceFailure.InvalidOutput, "the model returned NaN or infinite values");
        }
    }
}
