namespace RadCnn.Host.Plugins;

/// <summary>One line of `radcnn plugins`: a plugin version or a plugin folder, as operators need to see it.</summary>
internal sealed record PluginStatus
{
    /// <summary>The state of an active version that ignored cancellation and gets no work (see <see cref="LoadedPlugin.QuarantineReason"/>).</summary>
    public const string Quarantined = "quarantined";

    public required string Id { get; init; }

    public string? Version { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>active, quarantined, draining, unloaded, failed, superseded (lower-case <see cref="PluginState"/>, or quarantined).</summary>
    public required string State { get; init; }

    public string? Reason { get; init; }

    public required string Folder { get; init; }

    public IReadOnlyList<string> Modalities { get; init; } = [];

    public IReadOnlyList<string> SopClasses { get; init; } = [];

    public IReadOnlyList<string> BodyParts { get; init; } = [];

    public IReadOnlyList<string> ReportKinds { get; init; } = [];

    public IReadOnlyList<string> Models { get; init; } = [];

    public double? TimeoutSeconds { get; init; }

    public string? Priority { get; init; }

    public int InFlight { get; init; }

    public long Calls { get; init; }

    public long Failures { get; init; }

    /// <summary>For a plugin run out of process: its host process and how its memory limit is enforced; null in process.</summary>
    public string? Isolation { get; init; }

    /// <summary>For unloaded versions: whether the load context was collected.</summary>
    public bool? Collected { get; init; }

    /// <summary>A loaded version: its state, accept lists and counters.</summary>
    public static PluginStatus Of(LoadedPlugin p) => new()
    {
        Id = p.Id,
        Version = p.VersionText,
        DisplayName = p.Manifest.DisplayName,
        State = p.State == PluginState.Active && p.QuarantineReason is not null ? Quarantined : p.State.ToString().ToLowerInvariant(),
        Reason = p.State == PluginState.Active && p.QuarantineReason is { } quarantine ? quarantine : p.StateReason,
        Folder = p.Folder.Path,
        Modalities = p.Manifest.Accepts.Modalities,
        SopClasses = p.Manifest.Accepts.SopClasses,
        BodyParts = p.Manifest.Accepts.BodyParts,
        ReportKinds = p.Manifest.Accepts.ReportKinds,
        Models = [.. p.Manifest.Models.Select(m => m.Name)],
        TimeoutSeconds = p.Manifest.Timeout.TotalSeconds,
        Priority = p.Manifest.Priority.ToString().ToLowerInvariant(),
        InFlight = p.Leases,
        Calls = p.Calls,
        Failures = p.Failures,
        Collected = p.Collected,
        Isolation = p.Isolation == global::RadCnn.Host.Plugins.Isolation.PluginIsolation.Process
            ? p.HostProcessId is { } pid ? $"process {pid}, memory limit by {p.HostProcessLimit}" : "process (none running)"
            : null,
    };

    /// <summary>A folder that is not loaded: failed (with why) or superseded by a higher active version.</summary>
    public static PluginStatus OfFolder(PluginFolder folder)
    {
        var m = folder.Manifest;
        var failed = folder.Error ?? folder.LoadError;
        return new PluginStatus
        {
            Id = m?.Id ?? Path.GetFileName(folder.Path),
            Version = m?.Version.ToString(),
            DisplayName = m?.DisplayName,
            State = failed is null ? "superseded" : "failed",
            Reason = failed ?? "a higher version of this plugin is active",
            Folder = folder.Path,
            Modalities = m?.Accepts.Modalities ?? [],
            SopClasses = m?.Accepts.SopClasses ?? [],
            BodyParts = m?.Accepts.BodyParts ?? [],
            ReportKinds = m?.Accepts.ReportKinds ?? [],
            Models = m is null ? [] : [.. m.Models.Select(x => x.Name)],
            TimeoutSeconds = m?.Timeout.TotalSeconds,
            Priority = m?.Priority.ToString().ToLowerInvariant(),
        };
    }
}
