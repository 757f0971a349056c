using System.Text.Json;
using RadCnn.Host.Store;

namespace RadCnn.Host.Web.Security;

/// <summary>
/// audit.log in the data directory: one JSON line per action that changes what the service does
/// (job replay, plugin changes) and per login, with who, how they authenticated, what, the outcome
/// and when. Each line is on disk (fsync) before the action's response goes out. Only ids, never
/// patient data.
/// </summary>
internal sealed class AuditLog(string path, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _gate = new();

    public string Path { get; } = path;

    public void Write(string user, string authentication, string action, string target, string outcome)
    {
        var entry = new AuditEntry(time.GetUtcNow(), user, authentication, action, target, outcome);
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, Json);
        lock (_gate)
        {
            var folder = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(folder);
            var created = !File.Exists(Path);
            using (var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                stream.Write(line);
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }

            if (created)
            {
                // The new file's name must survive a crash too, not only its first line.
                DurableFile.SyncDirectory(folder);
            }
        }
    }

    /// <summary>The newest <paramref name="count"/> entries, newest first.</summary>
    public IReadOnlyList<AuditEntry> Read(int count)
    {
        lock (_gate)
        {
            if (!File.Exists(Path))
            {
                return [];
            }

            return [.. File.ReadLines(Path).Reverse().Take(count).Select(l => JsonSerializer.Deserialize<AuditEntry>(l, Json)!)];
        }
    }

    /// <summary>The log's place in a data directory.</summary>
    public static string DefaultPath(string dataDirectory) => System.IO.Path.Combine(dataDirectory, "audit.log");
}
