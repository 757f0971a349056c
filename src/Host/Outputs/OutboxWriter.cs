using RadCnn.Host.Store;

namespace RadCnn.Host.Outputs;

/// <summary>
/// Writes a job's outputs as one folder, outbox/&lt;job id&gt;/, all or nothing: every file is written
/// and fsync'd in a hidden temporary folder, which is then renamed into place and the rename made
/// durable. A reader (or a crash) never sees a folder with half its files.
/// </summary>
internal sealed class OutboxWriter
{
    public OutboxWriter(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathFor(long jobId) => Path.Combine(Root, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task<string> WriteAsync(long jobId, IReadOnlyList<OutboxFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var target = PathFor(jobId);
        var temp = DurableFile.TemporaryNameFor(target);
        Directory.CreateDirectory(temp);
        try
        {
            var directories = new HashSet<string>(StringComparer.Ordinal) { temp };
            foreach (var file in files)
            {
                var path = Path.GetFullPath(Path.Combine(temp, file.RelativePath));
                if (!path.StartsWith(temp + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"output file name '{file.RelativePath}' leaves the job's folder");
                }

                var directory = Path.GetDirectoryName(path)!;
                Directory.CreateDirectory(directory);
                directories.Add(directory);
                await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await stream.WriteAsync(file.Content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            foreach (var directory in directories.OrderByDescending(d => d.Length))
            {
                DurableFile.SyncDirectory(directory);
            }

            // An earlier attempt of this job may have finished writing before the host died: it is replaced whole.
            if (Directory.Exists(target))
            {
                var old = DurableFile.TemporaryNameFor(target);
                Directory.Move(target, old);
                DurableFile.TryDelete(old);
            }

            DurableFile.Commit(temp, target);
            return target;
        }
        catch
        {
            DurableFile.TryDelete(temp);
            throw;
        }
    }

    /// <summary>Removes temporary folders a crash left behind; complete job folders are kept.</summary>
    public int RemoveLeftovers()
    {
        var removed = 0;
        foreach (var leftover in Directory.EnumerateDirectories(Root, "*" + DurableFile.TemporarySuffix))
        {
            DurableFile.TryDelete(leftover);
            removed++;
        }

        return removed;
    }
}
