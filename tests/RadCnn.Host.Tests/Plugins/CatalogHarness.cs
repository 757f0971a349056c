using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Host.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Plugins;

/// <summary>A catalog over a fresh plugins directory, with short quiet periods so tests see deployments quickly.</summary>
internal sealed class CatalogHarness : IAsyncDisposable
{
    private readonly TempDirectory _root = new("radcnn-plugins-test");

    public CatalogHarness(TimeProvider? time = null, Action<PluginCatalogOptions>? configure = null, IDictionary<string, string?>? settings = null)
    {
        PluginsDirectory = _root.Combine("plugins");
        Options = new PluginCatalogOptions
        {
            Directory = PluginsDirectory,
            ShadowDirectory = _root.Combine("shadow"),
            QuietPeriod = TimeSpan.FromMilliseconds(200),
            PollInterval = TimeSpan.FromSeconds(1),
            CancellationGrace = TimeSpan.FromMilliseconds(300),
        };
        configure?.Invoke(Options);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        Catalog = new PluginCatalog(new PluginHostServices(Options, Engine, configuration, NullLoggerFactory.Instance, time ?? TimeProvider.System), PluginsDirectory);
    }

    public string PluginsDirectory { get; }

    public PluginCatalogOptions Options { get; }

    public RecordingInferenceEngine Engine { get; } = new();

    public PluginCatalog Catalog { get; }

    public static ImageSeriesWorkItem Item(string id, string modality = "OT") => new()
    {
        Id = id,
        StudyInstanceUid = "1.2.826.0.1.3680043.8.498.1",
        SeriesInstanceUid = "1.2.826.0.1.3680043.8.498.2",
        Modality = modality,
        Volumes = IImageVolumeSource.FromVolume(new ImageVolume(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 2, 2, new(1, 1, 2), default, new(1, 0, 0), new(0, 1, 0)) { Unit = "HU" }),
    };

    /// <summary>The one status line of a plugin version (the newest line, when a version was loaded more than once).</summary>
    public PluginStatus Status(string id, string version) =>
        Catalog.GetStatus().Last(s => s.Id == id && s.Version == version);

    /// <summary>The status line of a folder that failed or is not loaded.</summary>
    public PluginStatus FolderStatus(string folderName) =>
        Catalog.GetStatus().Single(s => s.Folder == Path.Combine(PluginsDirectory, folderName) && s.State is "failed" or "superseded" or "active");

    /// <summary>Waits for a condition the watcher brings about; generous, because the machine is shared and busy.</summary>
    public static async Task WaitUntil(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {seconds} s waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Catalog.DisposeAsync();
        _root.Dispose();
    }
}
