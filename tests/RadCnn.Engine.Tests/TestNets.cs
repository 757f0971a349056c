using RadCnn.Abstractions.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tests;

/// <summary>Small real networks and helpers shared by the engine tests.</summary>
internal static class TestNets
{
    public static EngineOptions Options(Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions { Device = "cpu", IntraOpThreads = 0 };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Two conv layers (8 and 16 channels), max-pooling, a linear head: [1, 32, 32] → [classes].</summary>
    public static nn.Module<Tensor, Tensor> SmallCnn(int classes = 3) => nn.Sequential(
        ("features", nn.Sequential(
            ("conv1", nn.Conv2d(1, 8, 3, padding: 1)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(8, 16, 3, padding: 1)),
            ("relu2", nn.ReLU()))),
        ("pool", nn.AdaptiveAvgPool2d(4)),
        ("flatten", nn.Flatten()),
        ("head", nn.Linear(16 * 4 * 4, classes)));

    /// <summary>Saves a freshly initialised network and returns a factory that rebuilds it from that file, as a plugin would.</summary>
    public static Func<nn.Module<Tensor, Tensor>> SavedFactory(string path, Func<nn.Module<Tensor, Tensor>> build)
    {
        using (var module = build())
        {
            module.save(path);
        }

        return () =>
        {
            var module = build();
            module.load(path);
            return module;
        };
    }

    public static ModelRegistration Registration(string name, Func<nn.Module<Tensor, Tensor>> create, long[] shape, ModelOutputKind kind = ModelOutputKind.ClassLogits) =>
        new(name, create, shape, kind);

    /// <summary>A caller-owned random input, deterministic per seed.</summary>
    public static Tensor RandomInput(long seed, params long[] shape)
    {
        using var generator = new Generator((ulong)seed);
        return torch.randn(shape, generator: generator);
    }
}
