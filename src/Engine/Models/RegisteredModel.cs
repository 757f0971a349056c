using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Engine.Models;

/// <summary>
/// One registered model and its place on the device. The module is null while the model is evicted;
/// <see cref="ModelStore"/> guards every field with its own lock.
/// </summary>
internal sealed class RegisteredModel
{
    public RegisteredModel(ModelRegistration registration)
    {
        Registration = registration;
        Name = registration.Name;
        InputShape = [.. registration.InputShape];
    }

    public ModelRegistration Registration { get; }

    public string Name { get; }

    public long[] InputShape { get; }

    /// <summary>The module on the engine's device, or null while evicted.</summary>
    public nn.Module<Tensor, Tensor>? Module { get; set; }

    public long Bytes { get; set; }

    /// <summary>Batches currently using the module; an in-use model is never evicted.</summary>
    public int InUse { get; set; }

    /// <summary>Logical clock of the last use, for least-recently-used eviction.</summary>
    public long LastUse { get; set; }

    public bool Unregistered { get; set; }

    public int MaxBatchSize(int engineDefault) => Math.Max(1, Math.Min(Registration.MaxBatchSize ?? engineDefault, engineDefault));
}
