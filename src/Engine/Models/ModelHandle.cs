using RadCnn.Abstractions.Engine;

namespace RadCnn.Engine.Models;

/// <summary>What <see cref="InferenceEngine.Register"/> hands back; disposing it unregisters the model.</summary>
internal sealed class ModelHandle : IModelHandle
{
    private readonly Action<RegisteredModel> _unregister;
    private int _disposed;

    public ModelHandle(RegisteredModel model, Action<RegisteredModel> unregister)
    {
        Model = model;
        _unregister = unregister;
    }

    public RegisteredModel Model { get; }

    public string Name => Model.Name;

    public ModelRegistration Registration => Model.Registration;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unregister(Model);
        }
    }
}
