using System.Text.Json;
using System.Text.Json.Serialization;

namespace RadCnn.Host.Outputs;

/// <summary>
/// outbox/&lt;job id&gt;/result.json: which plugin version produced what from which inputs (by UID),
/// its findings with their robustness, measurements, files, DICOM objects, timings, what it supersedes,
/// and the engine device and model hashes it ran with.
/// </summary>
internal sealed record ResultDocument(
    long JobId,
    ResultDocument.PluginInfo Plugin,
    ResultDocument.InputInfo Inputs,
    string Status,
    string? Message,
    IReadOnlyList<ResultDocument.FindingInfo> Findings,
    IReadOnlyList<ResultDocument.MeasurementInfo> Measurements,
    IReadOnlyList<ResultDocument.FileInfo> Files,
    IReadOnlyList<ResultDocument.DicomObjectInfo> DicomObjects,
    ResultDocument.SupersedesInfo? Supersedes,
    ResultDocument.TimingInfo Timings,
    ResultDocument.EngineInfo? Engine = null)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    public static ResultDocument Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ResultDocument>(json, JsonOptions) ?? throw new JsonException("empty result document");

    internal sealed record PluginInfo(string Id, string Version, string? Summary);

    // Kind: "series" or "report".
    internal sealed record InputInfo(string Kind, int Generation, string? StudyInstanceUid, string? SeriesInstanceUid, IReadOnlyList<string> SopInstanceUids, string? ReportId);

    internal sealed record RobustnessInfo(double Epsilon, bool FlipsAtEpsilon, double? SmallestFlippingEpsilon, double Agreement, bool Fragile);

    internal sealed record FindingInfo(string Code, string CodingScheme, string Meaning, double Probability, RobustnessInfo? Robustness, double[]? Location);

    internal sealed record MeasurementInfo(string Name, double Value, string Unit, string? Code);

    internal sealed record FileInfo(string Name, string MediaType, long Size);

    internal sealed record DicomObjectInfo(string File, string SopClassUid, string SopInstanceUid);

    // JobId: the earlier job on the same item this result replaces.
    internal sealed record SupersedesInfo(long? JobId, string? Reason, IReadOnlyList<string> SopInstanceUids);

    // Device: the shared engine's device ("cpu", "cuda:0"); Models: the pinned model files of the version that ran.
    internal sealed record EngineInfo(string? Device, IReadOnlyList<ModelInfo> Models);

    internal sealed record ModelInfo(string Name, string Sha256);

    internal sealed record TimingInfo(DateTimeOffset QueuedAt, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, double PluginSeconds, double PrepareSeconds, double OutputSeconds, int Attempt);
}
