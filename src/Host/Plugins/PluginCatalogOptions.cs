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
}
