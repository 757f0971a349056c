using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using RadCnn.Abstractions.Engine;
using RadCnn.Engine;

namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// What the overview shows of the shared inference engine: its device, the configured largest
/// micro-batch, and the sizes of the latest batches per model. The sizes are the ones the engine
/// records on its "radcnn.engine.batch.size" histogram (the same figures /metrics exports), heard
/// through a MeterListener on this service's own meter factory, so another engine in the process
/// (a test's, a bench's) does not count here.
/// </summary>
internal sealed class EngineActivity : IDisposable
{
    private const string BatchSizeInstrument = "radcnn.engine.batch.size";
    private const int Kept = 32;

    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, Queue<int>> _recent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _batches = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public EngineActivity(IServiceProvider services)
    {
        // The service's own engine (created at start-up anyway, to log its device); "none" in a host without one.
        var engine = services.GetService(typeof(IInferenceEngine)) as IInferenceEngine;
        Device = engine?.DeviceName ?? "none";
        MaxBatchSize = (services.GetService(typeof(IOptions<EngineOptions>)) as IOptions<EngineOptions>)?.Value.MaxBatchSize ?? 0;
        var scope = services.GetService(typeof(IMeterFactory));
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "RadCnn.Engine" && instrument.Name == BatchSizeInstrument && (scope is null || ReferenceEquals(instrument.Meter.Scope, scope)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, size, tags, _) => Record(size, tags));
        _listener.Start();
    }

    /// <summary>"cpu", "cuda:0 (NVIDIA ...)": the engine's own description; "none" in a service without an engine.</summary>
    public string Device { get; }

    /// <summary>RadCnn:Engine:MaxBatchSize; 0 without an engine.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Per model: batches run since the service started and the sizes of the latest ones (oldest first).</summary>
    public IReadOnlyList<ModelBatches> Snapshot()
    {
        lock (_gate)
        {
            return [.. _recent.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new ModelBatches(p.Key, _batches[p.Key], [.. p.Value]))];
        }
    }

    private void Record(int size, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var model = "?";
        foreach (var tag in tags)
        {
            if (tag.Key == "model" && tag.Value is string name)
            {
                model = name;
            }
        }

        lock (_gate)
        {
            if (!_recent.TryGetValue(model, out var sizes))
            {
                _recent[model] = sizes = new Queue<int>();
                _batches[model] = 0;
            }

            sizes.Enqueue(size);
            if (sizes.Count > Kept)
            {
                sizes.Dequeue();
            }

            _batches[model]++;
        }
    }

    public void Dispose() => _listener.Dispose();

    internal sealed record ModelBatches(string Model, long Batches, IReadOnlyList<int> Recent)
    {
        public double Mean => Recent.Count == 0 ? 0 : Recent.Average();

        public int Max => Recent.Count == 0 ? 0 : Recent.Max();
    }
}
