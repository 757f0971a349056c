using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Engine;
using RadCnn.Engine.Devices;
using RadCnn.Engine.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Models;

/// <summary>
/// Registered models and their placement on the device within a memory budget. An idle model (no batch
/// running) may be evicted, least recently used first, when another needs room; it is rebuilt with
/// <see cref="ModelRegistration.CreateModule"/> on its next use.
/// </summary>
internal sealed class ModelStore : IDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<RegisteredModel> _models = [];
    private readonly Device _device;
    private readonly long _budget;
    private readonly EngineMetrics _metrics;
    private readonly ILogger _logger;
    private long _clock;
    private long _loadedBytes;

    public ModelStore(Device device, long budgetBytes, EngineMetrics metrics, ILogger logger)
    {
        _device = device;
        _budget = budgetBytes;
        _metrics = metrics;
        _logger = logger;
    }

    public long LoadedBytes
    {
        get { lock (_gate) { return _loadedBytes; } }
    }

    public RegisteredModel Register(ModelRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrWhiteSpace(registration.Name);
        ArgumentNullException.ThrowIfNull(registration.CreateModule);
        ArgumentNullException.ThrowIfNull(registration.InputShape);
        if (registration.InputShape.Count == 0 || registration.InputShape.Any(d => d <= 0))
        {
            throw new ArgumentException($"Model '{registration.Name}': InputShape must list positive sizes, got [{string.Join(", ", registration.InputShape)}].", nameof(registration));
        }

        if (registration.InputRange is { } range && !(range.Min < range.Max))
        {
            throw new ArgumentException($"Model '{registration.Name}': InputRange must have Min < Max.", nameof(registration));
        }

        var model = new RegisteredModel(registration);
        lock (_gate)
        {
            // Names need not be unique: during a hot reload the old and new plugin versions register the same name.
            _models.Add(model);
        }

        try
        {
            // Load once now so a broken factory or a missing feature layer fails at registration, not on a patient's image.
            Acquire(model);
            Release(model);
        }
        catch
        {
            lock (_gate)
            {
                _models.Remove(model);
            }

            throw;
        }

        return model;
    }

    /// <summary>Marks the model in use and returns its module on the device, loading it if it was evicted.</summary>
    public nn.Module<Tensor, Tensor> Acquire(RegisteredModel model)
    {
        nn.Module<Tensor, Tensor>? module;
        lock (_gate)
        {
            if (model.Unregistered)
            {
                throw new InferenceException(model.Name, InferenceFailure.ModelUnavailable, "the model has been unregistered");
            }

            model.InUse++;
            model.LastUse = ++_clock;
            module = model.Module;
        }

        if (module is not null)
        {
            return module;
        }

        // The scheduler runs one batch per model at a time, so no one else loads this model concurrently.
        try
        {
            module = Load(model);
        }
        catch
        {
            lock (_gate)
            {
                model.InUse--;
            }

            throw;
        }

        lock (_gate)
        {
            model.Module = module;
            _loadedBytes += model.Bytes;
            EvictIdleOverBudget(model);
        }

        EngineLog.ModelLoaded(_logger, model.Name, DeviceSelector.Describe(_device), model.Bytes);
        return module;
    }

    public void Release(RegisteredModel model)
    {
        lock (_gate)
        {
            model.InUse--;
            if (model.Unregistered && model.InUse == 0)
            {
                Unload(model);
            }
        }
    }

    public void Unregister(RegisteredModel model)
    {
        lock (_gate)
        {
            if (model.Unregistered)
            {
                return;
            }

            model.Unregistered = true;
            _models.Remove(model);
            if (model.InUse == 0)
            {
                Unload(model);
            }
        }

        EngineLog.ModelUnregistered(_logger, model.Name);
    }

    public bool IsOnDevice(RegisteredModel model)
    {
        lock (_gate)
        {
            return model.Module is not null;
        }
    }

    /// <summary>Evicts the model now if it is idle (operators and tests); returns whether it was evicted.</summary>
    public bool TryEvict(RegisteredModel model)
    {
        lock (_gate)
        {
            if (model.InUse > 0 || model.Module is null)
            {
                return false;
            }

            Evict(model);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var model in _models)
            {
                model.Unregistered = true;
                Unload(model);
            }

            _models.Clear();
        }
    }

    private nn.Module<Tensor, Tensor> Load(RegisteredModel model)
    {
        nn.Module<Tensor, Tensor> module;
        try
        {
            module = model.Registration.CreateModule()
                ?? throw new InvalidOperationException("CreateModule returned null");
        }
        catch (Exception ex) when (ex is not InferenceException)
        {
            throw new InferenceException(model.Name, InferenceFailure.ModelThrew, $"creating the module failed: {ex.Message}", ex);
        }

        try
        {
            module.to(_device);
            module.eval();
            long bytes = 0;

            // The engine only infers: no parameter needs a gradient, which keeps FGSM and Grad-CAM from
            // accumulating .grad on shared weights and halves their memory.
            foreach (var p in module.parameters())
            {
                p.requires_grad = false;
                bytes += p.NumberOfElements * p.ElementSize;
            }

            foreach (var b in module.buffers())
            {
                bytes += b.NumberOfElements * b.ElementSize;
            }

            if (model.Registration.FeatureLayer is { } layer && FindFeatureLayer(module, layer) is null)
            {
                throw new InferenceException(model.Name, InferenceFailure.NotSupported,
                    $"feature layer '{layer}' is not a Module<Tensor, Tensor> among named_modules() ({string.Join(", ", module.named_modules().Select(m => m.name).Where(n => n.Length > 0))})");
            }

            model.Bytes = bytes;
            return module;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    public static nn.Module<Tensor, Tensor>? FindFeatureLayer(nn.Module module, string name) =>
        module.named_modules().Where(m => m.name == name).Select(m => m.module).OfType<nn.Module<Tensor, Tensor>>().FirstOrDefault();

    private void EvictIdleOverBudget(RegisteredModel keep)
    {
        while (_loadedBytes > _budget)
        {
            var victim = _models
                .Where(m => m != keep && m.Module is not null && m.InUse == 0)
                .MinBy(m => m.LastUse);
            if (victim is null)
            {
                EngineLog.OverBudget(_logger, _loadedBytes, _budget);
                return;
            }

            Evict(victim);
        }
    }

    private void Evict(RegisteredModel model)
    {
        var bytes = model.Bytes;
        Unload(model);
        _metrics.Evicted(model.Name);
        EngineLog.ModelEvicted(_logger, model.Name, DeviceSelector.Describe(_device), bytes);
    }

    private void Unload(RegisteredModel model)
    {
        if (model.Module is { } module)
        {
            model.Module = null;
            _loadedBytes -= model.Bytes;
            module.Dispose();
        }
    }
}
