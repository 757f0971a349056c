using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RadCnn.Abstractions.Engine;
using RadCnn.Engine.Devices;
using RadCnn.Engine.Diagnostics;
using RadCnn.Engine.Models;
using RadCnn.Engine.Robustness;
using RadCnn.Engine.Scheduling;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine;

/// <summary>
/// The shared inference engine of one device. Plugins register modules and submit single samples; the
/// engine owns placement, eval mode, gradient mode and native memory, groups concurrent requests for a
/// model into micro-batches, runs stat work first, and probes (FGSM) and explains (Grad-CAM) on demand.
/// </summary>
internal sealed class InferenceEngine : ISharedInferenceEngine
{
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly EngineMetrics _metrics;
    private readonly ModelStore _store;
    private readonly BatchScheduler _scheduler;
    private int _disposed;

    public InferenceEngine(EngineOptions options, ILogger<InferenceEngine>? logger = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        var log = (ILogger?)logger ?? NullLogger.Instance;

        if (options.IntraOpThreads > 0)
        {
            torch.set_num_threads(options.IntraOpThreads);
        }

        var (device, reason) = DeviceSelector.Choose(options.Device);
        Device = device;
        DeviceName = DeviceSelector.Describe(device);
        EngineLog.Started(log, DeviceName, reason, torch.get_num_threads());

        _metrics = new EngineMetrics(meterFactory);
        _store = new ModelStore(device, options.MemoryBudgetBytes, _metrics, log);
        var executor = new BatchExecutor(_store, new RobustnessProbe(options), device, _metrics, _time, log);
        _scheduler = new BatchScheduler(options, _time, _metrics, executor.Execute);
    }

    public string DeviceName { get; }

    public Device Device { get; }

    /// <summary>Native tensors alive in the whole process (TorchSharp's count); a leak shows as growth across requests.</summary>
    public static long LiveTensorCount => torch.Tensor.TotalCount;

    /// <summary>Requests waiting in the queues.</summary>
    public int QueuedCount => _scheduler.QueuedCount;

    /// <summary>Bytes of parameters and buffers on the device.</summary>
    public long LoadedBytes => _store.LoadedBytes;

    public IModelHandle Register(ModelRegistration registration)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var model = _store.Register(registration);
        return new ModelHandle(model, Unregister);
    }

    public Task<Tensor> InferAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken) =>
        SubmitAsync<Tensor>(model, input, priority, WorkKind.Infer, 0, cancellationToken);

    public Task<RobustnessReport> ProbeAsync(IModelHandle model, Tensor input, InferencePriority priority, CancellationToken cancellationToken) =>
        SubmitAsync<RobustnessReport>(model, input, priority, WorkKind.Probe, 0, cancellationToken);

    public Task<Tensor> ExplainAsync(IModelHandle model, Tensor input, int targetClass, InferencePriority priority, CancellationToken cancellationToken)
    {
        var registered = Resolve(model);
        if (registered.Registration.FeatureLayer is null || registered.Registration.OutputKind != ModelOutputKind.ClassLogits)
        {
            return Task.FromException<Tensor>(new InferenceException(registered.Name, InferenceFailure.NotSupported,
                "Grad-CAM needs a classifier (ClassLogits) registered with a FeatureLayer"));
        }

        return SubmitAsync<Tensor>(model, input, priority, WorkKind.Explain, targetClass, cancellationToken);
    }

    /// <summary>Whether the model's module is on the device now (false after eviction, until its next use).</summary>
    public bool IsOnDevice(IModelHandle model) => _store.IsOnDevice(Resolve(model));

    /// <summary>Evicts an idle model from the device now; it is rebuilt on its next use.</summary>
    public bool TryEvict(IModelHandle model) => _store.TryEvict(Resolve(model));

    private async Task<T> SubmitAsync<T>(IModelHandle handle, Tensor input, InferencePriority priority, WorkKind kind, int targetClass, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var model = Resolve(handle);
        if (!Enum.IsDefined(priority))
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown priority.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"model '{model.Name}': the request was cancelled before it was queued", cancellationToken);
        }

        try
        {
            InputChecks.ThrowIfInvalid(model, input);
        }
        catch (InferenceException ex)
        {
            _metrics.Failed(model.Name, ex.Failure.ToString());
            throw;
        }

        var item = new WorkItem(model, input, priority, kind, targetClass, _time.GetTimestamp(), cancellationToken);
        var result = await _scheduler.Enqueue(item).ConfigureAwait(false);
        return (T)result;
    }

    private static RegisteredModel Resolve(IModelHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return handle is ModelHandle own
            ? own.Model
            : throw new ArgumentException($"Model '{handle.Name}' was not registered with this engine.", nameof(handle));
    }

    private void Unregister(RegisteredModel model)
    {
        _store.Unregister(model);
        _scheduler.FailQueued(model, "the model has been unregistered");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _scheduler.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
        _metrics.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
