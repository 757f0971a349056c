using RadCnn.Abstractions.Engine;

namespace RadCnn.Bench.Classification;

/// <summary>The real engine on the CPU, created as the host's defaults create it (its types are internal to the host).</summary>
internal static class BenchEngine
{
    public static IInferenceEngine Create()
    {
        var assembly = System.Reflection.Assembly.Load("RadCnn.Engine");
        var optionsType = assembly.GetType("RadCnn.Engine.EngineOptions", throwOnError: true)!;
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("Device")!.SetValue(options, "cpu");
        var engineType = assembly.GetType("RadCnn.Engine.InferenceEngine", throwOnError: true)!;
        return (IInferenceEngine)Activator.CreateInstance(engineType, options, null, null, null)!;
    }
}
