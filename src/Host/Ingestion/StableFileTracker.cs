namespace RadCnn.Host.Ingestion;

/// <summary>
/// Tells when a dropped file is complete: its size and modification time stayed unchanged for a
/// while. A copy in progress keeps changing both; a file is never taken while it may still grow.
/// </summary>
internal sealed class StableFileTracker(TimeProvider time, TimeSpan stableFor)
{
    private readonly Dictionary<string, (long Size, DateTime Modified, DateTimeOffset Since)> _seen = new(StringComparer.Ordinal);

    /// <summary>Of <paramref name="files"/>, those that have been stable long enough; files no longer present are forgotten.</summary>
    public List<string> Stable(IEnumerable<string> files)
    {
        var now = time.GetUtcNow();
        var present = new HashSet<string>(StringComparer.Ordinal);
        var stable = new List<string>();
        foreach (var file in files)
        {
            present.Add(file);
            FileInfo info;
            try
            {
                info = new FileInfo(file);
                if (!info.Exists)
                {
                    continue;
                }
            }
            catch (IOException)
            {
                continue;
            }

            var signature = (info.Length, info.LastWriteTimeUtc);
            if (_seen.TryGetValue(file, out var seen) && seen.Size == signature.Length && seen.Modified == signature.LastWriteTimeUtc)
            {
                if (now - seen.Since >= stableFor)
                {
                    stable.Add(file);
                }
            }
            else
            {
                _seen[file] = (signature.Length, signature.LastWriteTimeUtc, now);
                if (stableFor <= TimeSpan.Zero)
                {
                    stable.Add(file);
                }
            }
        }

        foreach (var gone in _seen.Keys.Where(k => !present.Contains(k)).ToList())
        {
            _seen.Remove(gone);
        }

        return stable;
    }

    public void Forget(string file) => _seen.Remove(file);
}
