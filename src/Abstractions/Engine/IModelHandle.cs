namespace RadCnn.Abstractions.Engine;

/// <summary>A model registered with the engine. Disposing it unregisters the model and frees its memory.</summary>
public interface IModelHandle : IDisposable
{
    /// <summary>The name given at registration, prefixed by the owner, for example "detection/tb-alexnet".</summary>
    string Name { get; }

    /// <summary>The registration this handle was made from.</summary>
    ModelRegistration Registration { get; }
}
