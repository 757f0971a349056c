namespace RadCnn.Host.Plugins;

/// <summary>One line of `radcnn plugins`: a plugin version or a plugin folder, as operators need to see it.</summary>
internal sealed record PluginStatus
{
    public required string Id { get; init; }

    public string? Version { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>active, draining, unloaded, failed, superseded (lower-case <see cref="PluginState"/>).</summary>
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

    /// <summary>For unloaded versions: whether the load context was collected.</summary>
    public bool? Collected { get; init; }
}
