using System.Text.Json;
using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;

namespace Fixture.Echo;

/// <summary>
/// Answers every item with a finding naming its own version and echoes the item id, after a short
/// pause so that calls are in flight when a new version arrives. Registers a model it never disposes,
/// so the host must.
/// </summary>
public sealed class EchoPlugin : IRadCnnPlugin
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);
    private IPluginContext? _context;
    private IModelHandle? _model;

    public PluginDescription Describe() => new("Echoes work items (test fixture)") { FindingCodes = ["ECHO"] };

    public async ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var weights = await File.ReadAllTextAsync(context.GetModelPath("weights"), cancellationToken);
        // Read the way most plugins read their settings or model card: reflection-based System.Text.Json,
        // whose shared caches must not keep this version's load context alive after it is unloaded.
        var manifest = JsonSerializer.Deserialize<EchoManifestView>(
            await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(context.GetModelPath("weights"))!, "..", "plugin.json"), cancellationToken), ManifestJson);
        context.Logger.LogInformation("{Name} {Version} initialised with {Length} bytes of weights", manifest?.DisplayName, context.Manifest.Version, weights.Length);
        _model = context.Engine.Register(new ModelRegistration("echo", () => throw new NotSupportedException("never built"), [1, 4, 4], ModelOutputKind.ClassLogits));
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var delay = int.TryParse(_context!.Configuration["DelayMs"], out var ms) ? ms : 20;
        await Task.Delay(delay, cancellationToken);
        return new PluginResult
        {
            Message = item.Id,
            Findings = [new Finding("ECHO", "echo " + _context.Manifest.Version, 1.0)],
        };
    }

    public ValueTask DisposeAsync()
    {
        _ = _model; // left registered on purpose: the host disposes what a plugin forgets
        return ValueTask.CompletedTask;
    }
}
