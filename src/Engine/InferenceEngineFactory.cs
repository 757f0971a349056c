using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Engine;

namespace RadCnn.Engine;

/// <summary>
/// Creates the shared inference engine without a service container: for tests, benches and tools that
/// run plugins or models directly. The service registers it with
/// <see cref="EngineServiceCollectionExtensions.AddRadCnnEngine"/> instead.
/// </summary>
public static class InferenceEngineFactory
{
    /// <summary>Creates an engine with <paramref name="options"/> (validated first; invalid options throw <see cref="ArgumentException"/>).</summary>
    public static ISharedInferenceEngine Create(
        EngineOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new InferenceEngine(options, loggerFactory?.CreateLogger<InferenceEngine>(), timeProvider, meterFactory);
    }

    /// <summary>
    /// Creates an engine on the CPU with the service's defaults otherwise (probe epsilon, fragility threshold,
    /// batching); <paramref name="intraOpThreads"/> above 0 sets libtorch's thread count for the process.
    /// </summary>
    public static ISharedInferenceEngine CreateOnCpu(int intraOpThreads = 0) =>
        Create(new EngineOptions { Device = "cpu", IntraOpThreads = intraOpThreads });
}
