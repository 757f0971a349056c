using RadCnn.Abstractions.Engine;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Plugins.ReportNlp.Tests;

/// <summary>The ReportNlp plugin's built folder, a real engine, and a logger that keeps every line (report text must never reach it).</summary>
internal sealed class TestPluginContext : PluginTestContext
{
    public TestPluginContext(IInferenceEngine engine, IReadOnlyDictionary<string, string?>? settings = null)
        : this(engine, settings, new RecordingLogger())
    {
    }

    private TestPluginContext(IInferenceEngine engine, IReadOnlyDictionary<string, string?>? settings, RecordingLogger log)
        : base(Repository.PluginFolder, engine, settings, log)
    {
        Log = log;
    }

    public RecordingLogger Log { get; }
}
