using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Host.Plugins;

/// <summary>
/// Stands in when no engine is registered (a host configured without one, or the offline
/// `radcnn plugins` check): plugins load, and any model registration fails with a clear message.
/// </summary>
internal sealed class UnavailableInferenceEngine : IInferenceEngine
{
    public string DeviceName => "none";

    public IModelHandle Register(ModelRegistration registration) => throw Unavailable();

    public Task<Tensor> InferAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken) => throw Unavailable();

    public Task<RobustnessReport> ProbeAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken) => throw Unavailable();

    public Task<Tensor> ExplainAsync(IModelHandle model, Tensor input, int targetClass, InferencePriority priority, CancellationToken cancellationToken) => throw Unavailable();

    private static InvalidOperationException Unavailable() => new("No inference engine is available in this host.");
}
