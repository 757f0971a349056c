using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Engine;
using RadCnn.Engine.Diagnostics;
using TorchSharp;
using RadCnn.Engine.Explanation;
using RadCnn.Engine.Models;
using RadCnn.Engine.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Engine.Scheduling;

/// <summary>
/// Runs what the scheduler hands it on the engine's device: a micro-batch of inferences (stacked, run
/// once, sliced back to each caller as a new CPU tensor), or one probe or explanation. A failing batch
/// is rerun one request at a time so that only the request that breaks the model fails.
/// </summary>
internal sealed class BatchExecutor
{
    private readonly ModelStore _store;
    private readonly RobustnessProbe _probe;
    private readonly Device _device;
    private readonly EngineMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public BatchExecutor(ModelStore store, RobustnessProbe probe, Device device, EngineMetrics metrics, TimeProvider time, ILogger logger)
    {
        _store = store;
        _probe = probe;
        _device = device;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public void Execute(RegisteredModel model, List<WorkItem> batch)
    {
        nn.Module<Tensor, Tensor> module;
        try
        {
            module = _store.Acquire(model);
        }
        catch (Exception ex)
        {
            foreach (var item in batch)
            {
                Fail(item, ex);
            }

            return;
        }

        try
        {
            var head = batch[0];
            switch (head.Kind)
            {
                case WorkKind.Infer:
                    RunInference(model, module, batch);
                    break;
                case WorkKind.Probe:
                    Run(head, () =>
                    {
                        var report = _probe.Run(model, module, head.Input, _device);
                        if (report.Fragile)
                        {
                            _metrics.Fragile(model.Name);
                        }

                        return report;
                    });
                    break;
                case WorkKind.Explain:
                    Run(head, () => GradCam.Run(model, module, head.Input, head.TargetClass, _device));
                    break;
            }
        }
        finally
        {
            _store.Release(model);
        }
    }

    private void RunInference(RegisteredModel model, nn.Module<Tensor, Tensor> module, List<WorkItem> batch)
    {
        Tensor[] outputs;
        try
        {
            outputs = Forward(model, module, batch);
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            EngineLog.IsolatingBatch(_logger, batch.Count, model.Name, ex);
            foreach (var item in batch)
            {
                Run(item, () => Forward(model, module, [item])[0]);
            }

            return;
        }
        catch (Exception ex)
        {
            Fail(batch[0], ex);
            return;
        }

        _metrics.BatchRan(batch.Count, model.Name);
        for (var i = 0; i < batch.Count; i++)
        {
            Succeed(batch[i], outputs[i]);
        }
    }

    private Tensor[] Forward(RegisteredModel model, nn.Module<Tensor, Tensor> module, List<WorkItem> items)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = stack(items.Select(i => i.Input.to(ScalarType.Float32, _device)).ToList(), 0);
        var y = module.call(x);
        OutputChecks.ThrowIfInvalid(model, y, items.Count);
        var results = new Tensor[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            // A copy, not a view: the caller owns a tensor of its own size, and the batch's memory is freed now.
            var slice = y[i];
            results[i] = (_device.type == DeviceType.CPU ? slice.clone() : slice.cpu()).DetachFromDisposeScope();
        }

        return results;
    }

    private void Run(WorkItem item, Func<object> work)
    {
        object result;
        try
        {
            result = work();
        }
        catch (Exception ex)
        {
            Fail(item, ex);
            return;
        }

        Succeed(item, result);
    }

    private void Succeed(WorkItem item, object result)
    {
        _metrics.RequestCompleted(_time.GetElapsedTime(item.EnqueuedAt).TotalMilliseconds, item.Model.Name, KindTag(item.Kind));
        item.Complete(result);
    }

    private void Fail(WorkItem item, Exception ex)
    {
        var error = ex as InferenceException
            ?? new InferenceException(item.Model.Name, InferenceFailure.ModelThrew, $"the model threw {ex.GetType().Name}: {ex.Message}", ex);
        _metrics.Failed(item.Model.Name, error.Failure.ToString());
        EngineLog.RequestFailed(_logger, item.Model.Name, error.Failure.ToString(), error);
        item.Fail(error);
    }

    private static string KindTag(WorkKind kind) => kind switch
    {
        WorkKind.Infer => "infer",
        WorkKind.Probe => "probe",
        _ => "explain",
    };
}
