using System.Diagnostics.Metrics;
using TorchSharp;

namespace RadCnn.Engine.Diagnostics;

/// <summary>
/// The engine's instruments on the "RadCnn.Engine" meter, so OpenTelemetry (or dotnet-counters) can
/// export them. Tags carry model names and priorities only, never anything about a patient.
/// </summary>
internal sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "RadCnn.Engine";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly UpDownCounter<long> _queueLength;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _fragile;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _evictions;

    public EngineMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _queueLength = _meter.CreateUpDownCounter<long>("radcnn.engine.queue.length", "{request}", "Requests waiting in the engine's queues.");
        _batchSize = _meter.CreateHistogram<int>("radcnn.engine.batch.size", "{request}", "Requests run together in one micro-batch.");
        _latency = _meter.CreateHistogram<double>("radcnn.engine.request.duration", "ms", "Time from submission to result, queueing included.");
        _fragile = _meter.CreateCounter<long>("radcnn.engine.robustness.fragile", "{result}", "Results the FGSM probe marked fragile.");
        _failures = _meter.CreateCounter<long>("radcnn.engine.request.failures", "{request}", "Requests that ended in an InferenceException.");
        _evictions = _meter.CreateCounter<long>("radcnn.engine.model.evictions", "{model}", "Idle models evicted from the device to stay within the memory budget.");
        _meter.CreateObservableGauge("radcnn.engine.tensors.live", () => torch.Tensor.TotalCount, "{tensor}", "Native tensors alive in the process.");
    }

    public void QueueChanged(int delta, string model, string priority) =>
        _queueLength.Add(delta, new("model", model), new("priority", priority));

    public void BatchRan(int size, string model) => _batchSize.Record(size, new KeyValuePair<string, object?>("model", model));

    public void RequestCompleted(double milliseconds, string model, string kind) =>
        _latency.Record(milliseconds, new("model", model), new("kind", kind));

    public void Fragile(string model) => _fragile.Add(1, new KeyValuePair<string, object?>("model", model));

    public void Failed(string model, string failure) => _failures.Add(1, new("model", model), new("failure", failure));

    public void Evicted(string model) => _evictions.Add(1, new KeyValuePair<string, object?>("model", model));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
