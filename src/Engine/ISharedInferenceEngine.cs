using RadCnn.Abstractions.Engine;

namespace RadCnn.Engine;

/// <summary>
/// The shared inference engine of one device as its creator holds it (the service, a test, a bench):
/// what plugins see (<see cref="IInferenceEngine"/>) plus disposal, which stops the scheduler and frees
/// every model's native memory. Plugins never see this interface and never dispose the engine.
/// </summary>
public interface ISharedInferenceEngine : IInferenceEngine, IAsyncDisposable, IDisposable
{
}
