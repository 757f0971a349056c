using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Host.Plugins.Isolation;

/// <summary>
/// The engine of a plugin host process, created on first use: a plugin that never touches the engine
/// does not pay for loading libtorch, and a process that cannot load it fails only the plugins that need it.
/// </summary>
internal sealed class LazyInferenceEngine(Func<IInferenceEngine> create) : IInferenceEngine
{
    private readonly Lazy<IInferenceEngine> _engine = new(create);

    public string DeviceName => _engine.Value.DeviceName;

    public bool IsCreated => _engine.IsValueCreated;

    public IInferenceEngine Created => _engine.Value;

    public IModelHandle Register(ModelRegistration registration) => _engine.Value.Register(registration);

    public Task<Tensor> InferAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken) =>
        _engine.Value.InferAsync(model, input, priority, cancellationToken);

    public Task<RobustnessReport> ProbeAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken) =>
        _engine.Value.ProbeAsync(model, input, priority, cancellationToken);

    public Task<Tensor> ExplainAsync(IModelHandle model, Tensor input, int targetClass, InferencePriority priority, CancellationToken cancellationToken) =>
        _engine.Value.ExplainAsync(model, input, targetClass, priority, cancellationToken);
}
