using RadCnn.Abstractions.Engine;
using RadCnn.Engine;

namespace RadCnn.Plugins.Denoising.Tests.Support;

/// <summary>The real shared inference engine (RadCnn.Engine) on the CPU, with the service's defaults.</summary>
internal static class TestEngine
{
    public static IInferenceEngine Create() => InferenceEngineFactory.CreateOnCpu();
}
