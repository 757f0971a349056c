using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tests;

/// <summary>The engine's public ways in: the factory (tests, benches) and the service registration (the host).</summary>
public sealed class EngineRegistrationTests
{
    [Fact]
    public async Task The_factory_makes_a_working_cpu_engine()
    {
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        Assert.Equal("cpu", engine.DeviceName);
        using var model = engine.Register(TestNets.Registration("factory-cnn", () => TestNets.SmallCnn(), [1, 32, 32]));
        using var scope = NewDisposeScope();
        var output = await engine.InferAsync(model, TestNets.RandomInput(1, 1, 32, 32), InferencePriority.Routine, CancellationToken.None);
        Assert.Equal([3L], output.shape);
    }

    [Fact]
    public void The_factory_refuses_invalid_options()
    {
        var error = Assert.Throws<ArgumentException>(() => InferenceEngineFactory.Create(new EngineOptions { Device = "cpu", MaxBatchSize = 0 }));
        Assert.Contains("MaxBatchSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registration_gives_one_engine_to_its_owner_and_to_plugins()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddRadCnnEngine().Configure(o => o.Device = "cpu");
        using var host = builder.Build();
        await host.StartAsync();
        var shared = host.Services.GetRequiredService<ISharedInferenceEngine>();
        Assert.Same(shared, host.Services.GetRequiredService<IInferenceEngine>());
        Assert.Equal("cpu", shared.DeviceName);
        await host.StopAsync();
    }

    [Fact]
    public async Task Invalid_settings_stop_the_service_at_start_up()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddRadCnnEngine().Configure(o =>
        {
            o.Device = "gpu7";
            o.FragilityThreshold = 2;
        });
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Device", error.Message, StringComparison.Ordinal);
        Assert.Contains("FragilityThreshold", error.Message, StringComparison.Ordinal);
    }
}
