using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Host.Tests.Plugins;

/// <summary>
/// Stands in for the engine in catalog tests, whose fixtures run no networks: it records which models
/// are registered and disposed, and drops a registration (and so the plugin's delegate) on dispose.
/// </summary>
internal sealed class RecordingInferenceEngine : IInferenceEngine
{
    private readonly Lock _gate = new();
    private readonly List<string> _registered = [];
    private readonly List<string> _disposed = [];

    public string DeviceName => "test";

    public IReadOnlyList<string> Registered
    {
        get
        {
            lock (_gate)
            {
                return [.. _registered];
            }
        }
    }

    public IReadOnlyList<string> Disposed
    {
        get
        {
            lock (_gate)
            {
                return [.. _disposed];
            }
        }
    }

    public IModelHandle Register(ModelRegistration registration)
    {
        lock (_gate)
        {
            _registered.Add(registration.Name);
        }

        return new Handle(this, registration.Name);
    }

    public Task<Tensor> InferAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<RobustnessReport> ProbeAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Tensor> ExplainAsync(IModelHandle model, Tensor input, int targetClass, InferencePriority priority, CancellationToken cancellationToken) => throw new NotSupportedException();

    private sealed class Handle(RecordingInferenceEngine engine, string name) : IModelHandle
    {
        public string Name => name;

        public ModelRegistration Registration => throw new NotSupportedException("not kept, so the plugin's delegate is not rooted");

        public void Dispose()
        {
            lock (engine._gate)
            {
                engine._disposed.Add(name);
            }
        }
    }
}
