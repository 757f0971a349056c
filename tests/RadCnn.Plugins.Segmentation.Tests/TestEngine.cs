using RadCnn.Abstractions.Engine;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>
/// The real shared inference engine (RadCnn.Engine) on the CPU. Its types are internal to the host,
/// so it is created by reflection exactly as the host's defaults would create it.
/// </summary>
internal static class TestEngine
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
