using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Host.Plugins;

/// <summary>
/// The engine as one plugin version sees it: registrations are remembered so that the catalog can
/// dispose whatever the plugin left registered when it retires the version. A registered module's
/// factory is plugin code; leaving it in the engine would keep the plugin's load context alive.
/// </summary>
internal sealed class OwnedInferenceEngine(IInferenceEngine inner) : IInferenceEngine
{
    private readonly Lock _gate = new();
    private readonly List<IModelHandle> _handles = [];
    private bool _closed;

    public string DeviceName => inner.DeviceName;

    public int OpenHandles
    {
        get
        {
            lock (_gate)
            {
                return _handles.Count;
            }
        }
    }

    public IModelHandle Register(ModelRegistration registration)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
        }

        var handle = new OwnedHandle(this, inner.Register(registration));
        lock (_gate)
        {
            _handles.Add(handle);
        }

        return handle;
    }

    public Task<Tensor> InferAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken) =>
        inner.InferAsync(Unwrap(model), input, priority, cancellationToken);

    public Task<RobustnessReport> ProbeAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken) =>
        inner.ProbeAsync(Unwrap(model), input, priority, cancellationToken);

    public Task<Tensor> ExplainAsync(IModelHandle model, Tensor input, int targetClass, InferencePriority priority, CancellationToken cancellationToken) =>
        inner.ExplainAsync(Unwrap(model), input, targetClass, priority, cancellationToken);

    /// <summary>Disposes every handle the plugin did not; returns how many there were.</summary>
    public int DisposeRemaining()
    {
        IModelHandle[] left;
        lock (_gate)
        {
            _closed = true;
            left = [.. _handles];
            _handles.Clear();
        }

        foreach (var handle in left)
        {
            handle.Dispose();
        }

        return left.Length;
    }

    private static IModelHandle Unwrap(IModelHandle model) => model is OwnedHandle owned ? owned.Inner : model;

    private void Forget(OwnedHandle handle)
    {
        lock (_gate)
        {
            _handles.Remove(handle);
        }
    }

    private sealed class OwnedHandle(OwnedInferenceEngine owner, IModelHandle inner) : IModelHandle
    {
        private int _disposed;

        public IModelHandle Inner => inner;

        public string Name => inner.Name;

        public ModelRegistration Registration => inner.Registration;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                inner.Dispose();
                owner.Forget(this);
            }
        }
    }
}
