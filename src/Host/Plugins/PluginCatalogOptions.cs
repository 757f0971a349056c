using RadCnn.Host.Plugins.Isolation;

namespace RadCnn.Host.Plugins;

/// <summary>Settings of the plugin catalog (configuration section <c>RadCnn:Plugins</c>).</summary>
internal sealed class PluginCatalogOptions
{
    public const string Section = "RadCnn:Plugins";

    /// <summary>Where operators deploy plugin folders; default &lt;data directory&gt;/plugins.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>
    /// The plugins shipped with this installation, installed into the default plugins directory at
    /// start when <see cref="Directory"/> is not set (default: the folder <c>./radcnn</c> names in
    /// RADCNN_SHIPPED_PLUGINS; see <see cref="ShippedPlugins"/>).
    /// </summary>
    public string? Shipped { get; set; }

    /// <summary>
    /// Where each loaded version's private copy lives; default a fresh folder under the temp
    /// directory. A configured folder belongs to one service: at start it deletes the copies it finds
    /// there (see <see cref="ShadowRoot"/>).
    /// </summary>
    public string? ShadowDirectory { get; set; }

    /// <summary>A deployment is picked up once the folder has been quiet this long (a copy in progress is not loaded half-way).</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMilliseconds(750);

    /// <summary>Rescan interval, in case the file watcher misses events or cannot be created.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <c>InitializeAsync</c> may take.</summary>
    public TimeSpan InitializeTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long <c>DisposeAsync</c> may take when a version is retired.</summary>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a plugin's own <c>Accepts</c> check may take before the plugin is quarantined (it must be cheap).</summary>
    public TimeSpan AcceptsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra time after a call's timeout before the host stops waiting for a plugin that ignores cancellation.</summary>
    public TimeSpan CancellationGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Circuit breaker: the failure ratio over <see cref="BreakerSamplingDuration"/> that opens it.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Circuit breaker: calls needed in the sampling window before it may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    /// <summary>Circuit breaker: the sampling window.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Circuit breaker: how long a plugin gets no work before one trial call.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Per plugin id, where its calls run: <c>inprocess</c> (the default, for the shipped plugins) or
    /// <c>process</c>, a child <c>radcnn plugin-host</c> of its own with a memory limit, killed at its
    /// timeout, for third-party plugins the operator does not trust (<c>RadCnn:Plugins:Isolation:&lt;id&gt;</c>).
    /// </summary>
    public Dictionary<string, string> Isolation { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Memory limit of each plugin host process, in MiB (a cgroup where one can be made, RLIMIT_DATA otherwise).</summary>
    public int ProcessMemoryLimitMegabytes { get; set; } = 4096;

    /// <summary>How long a plugin host process may take to start, on top of <see cref="InitializeTimeout"/>.</summary>
    public TimeSpan ProcessStartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the cgroup file systems are mounted; a folder without them makes plugin host processes limit themselves (RLIMIT_DATA).</summary>
    public string CgroupRoot { get; set; } = "/sys/fs/cgroup";

    /// <summary>The radcnn.dll a plugin host process runs (default: the one this service runs from).</summary>
    public string? HostAssembly { get; set; }

    /// <summary>The isolation chosen for <paramref name="pluginId"/>.</summary>
    public PluginIsolation IsolationOf(string pluginId) =>
        Isolation.TryGetValue(pluginId, out var value) && ParseIsolation(value) is { } chosen ? chosen : PluginIsolation.InProcess;

    /// <summary>Checks the settings at start-up; throws with what is wrong.</summary>
    /// <exception cref="InvalidOperationException">A setting that cannot be used.</exception>
    public void Validate()
    {
        foreach (var (id, value) in Isolation)
        {
            if (ParseIsolation(value) is null)
            {
                throw new InvalidOperationException($"{Section}:Isolation:{id} is '{value}'; use 'inprocess' or 'process'.");
            }
        }

        if (ProcessMemoryLimitMegabytes < 64)
        {
            throw new InvalidOperationException($"{Section}:ProcessMemoryLimitMegabytes is {ProcessMemoryLimitMegabytes}; a plugin host process needs at least 64 MiB.");
        }
    }

    private static PluginIsolation? ParseIsolation(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "inprocess" or "in-process" => PluginIsolation.InProcess,
        "process" or "out-of-process" => PluginIsolation.Process,
        _ => null,
    };
}
