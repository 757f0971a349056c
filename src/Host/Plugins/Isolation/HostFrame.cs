using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using RadCnn.Abstractions.Plugins;

namespace RadCnn.Host.Plugins.Isolation;

/// <summary>
/// One control message between the service and a plugin host process: a 4-byte big-endian length,
/// then that many bytes of UTF-8 JSON. Work items and results travel as files in the job's folder;
/// the frames only say which folder and how the call ended.
/// </summary>
internal sealed record HostFrame(string Type)
{
    /// <summary>Service to child, first frame: load and initialise the plugin.</summary>
    public const string Init = "init";

    /// <summary>Child to service: initialised, with the plugin's description.</summary>
    public const string Ready = "ready";

    /// <summary>Child to service: the plugin could not be loaded or initialised (with why).</summary>
    public const string Failed = "failed";

    /// <summary>Service to child: process the item in <see cref="Folder"/> as call <see cref="Job"/>.</summary>
    public const string Run = "run";

    /// <summary>Service to child: cancel call <see cref="Job"/> (its timeout fired or the service stops).</summary>
    public const string Cancel = "cancel";

    /// <summary>Child to service: call <see cref="Job"/> ended; the result is in its folder, or <see cref="Message"/> says why not.</summary>
    public const string Done = "done";

    /// <summary>Frames above this are refused: a child that sends one is not speaking the protocol.</summary>
    public const int MaxLength = 4 << 20;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public long Job { get; init; }

    public string? Folder { get; init; }

    public string? Message { get; init; }

    /// <summary>For <see cref="Done"/>: the call threw (Message holds type and message) rather than returning a result.</summary>
    public bool Threw { get; init; }

    public string? PluginDirectory { get; init; }

    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>For <see cref="Init"/>: apply RLIMIT_DATA of this many bytes to itself (when no cgroup could hold the child).</summary>
    public long? DataLimitBytes { get; init; }

    public double InitializeTimeoutSeconds { get; init; }

    public PluginDescription? Description { get; init; }

    public static async Task WriteAsync(Stream stream, HostFrame frame, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(frame, Json);
        var buffer = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(buffer, body.Length);
        body.CopyTo(buffer, 4);
        await stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next frame, or null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">Not a frame of this protocol.</exception>
    public static async Task<HostFrame?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        if (!await FillAsync(stream, header, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length is <= 0 or > MaxLength)
        {
            throw new InvalidDataException($"a control frame of {length} bytes (at most {MaxLength})");
        }

        var body = new byte[length];
        if (!await FillAsync(stream, body, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidDataException("the stream ended inside a control frame");
        }

        try
        {
            return JsonSerializer.Deserialize<HostFrame>(body, Json) ?? throw new InvalidDataException("an empty control frame");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("a control frame that is not JSON of this protocol", ex);
        }
    }

    private static async Task<bool> FillAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return read == 0 ? false : throw new InvalidDataException("the stream ended inside a control frame");
            }

            read += n;
        }

        return true;
    }
}
