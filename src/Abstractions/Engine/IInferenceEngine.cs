using static TorchSharp.torch;

namespace RadCnn.Abstractions.Engine;

/// <summary>
/// The inference engine every plugin shares: one per device. It batches concurrent requests for the
/// same model, runs stat work first, keeps native memory in dispose scopes, and probes and explains results.
/// </summary>
/// <remarks>
/// Tensors passed in stay owned by the caller. Tensors returned are new, on the CPU, and owned by the
/// caller (dispose them, or create them inside a dispose scope).
/// A request the engine cannot serve (a model that throws, an input of the wrong shape or dtype, NaN or
/// infinite values in or out, a full queue, an unregistered model) fails with an
/// <see cref="InferenceException"/> naming the model and the problem; a cancelled request fails with an
/// <see cref="OperationCanceledException"/> naming the model. Either way only that request fails.
/// Routine and background requests may wait a moment (the engine's batch wait) for others to share their
/// batch; stat requests never wait for that.
/// </remarks>
public interface IInferenceEngine
{
    /// <summary>"cpu" or "cuda:0", as chosen at start-up.</summary>
    string DeviceName { get; }

    /// <summary>Registers a model; the returned handle unregisters it when disposed.</summary>
    IModelHandle Register(ModelRegistration registration);

    /// <summary>
    /// Runs one sample (shape = the registered input shape, no batch dimension) and returns its output
    /// (no batch dimension). Concurrent calls for the same model may be run together as one batch.
    /// </summary>
    Task<Tensor> InferAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken);

    /// <summary>FGSM robustness probe of the model's decision on one sample.</summary>
    Task<RobustnessReport> ProbeAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken);

    /// <summary>
    /// Grad-CAM heat map for <paramref name="targetClass"/> at the input's spatial resolution, scaled to [0, 1].
    /// Requires a model registered with a <see cref="ModelRegistration.FeatureLayer"/>.
    /// </summary>
    Task<Tensor> ExplainAsync(IModelHandle model, Tensor input, int targetClass, InferencePriority priority, CancellationToken cancellationToken);
}
