using RadCnn.Abstractions.Engine;
using RadCnn.Engine.Models;
using static TorchSharp.torch;

namespace RadCnn.Engine.Scheduling;

/// <summary>
/// Checks a caller's input before it is queued, so a bad tensor fails its own request with a clear
/// message instead of failing a whole batch of other callers' work.
/// </summary>
internal static class InputChecks
{
    public static void ThrowIfInvalid(RegisteredModel model, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.IsInvalid)
        {
            throw new InferenceException(model.Name, InferenceFailure.InvalidInput, "the input tensor has been disposed");
        }

        if (!input.is_floating_point())
        {
            throw new InferenceException(model.Name, InferenceFailure.InvalidInput, $"the input has dtype {input.dtype}; a floating-point tensor is expected");
        }

        if (!input.shape.SequenceEqual(model.InputShape))
        {
            throw new InferenceException(model.Name, InferenceFailure.InvalidInput,
                $"the input has shape [{string.Join(", ", input.shape)}] but the model was registered for [{string.Join(", ", model.InputShape)}] (one sample, no batch dimension)");
        }

        using var scope = NewDisposeScope();
        if (!isfinite(input).all().item<bool>())
        {
            throw new InferenceException(model.Name, InferenceFailure.NonFiniteInput, "the input contains NaN or infinite values");
        }
    }
}
