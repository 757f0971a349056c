namespace RadCnn.TestSupport;

/// <summary>
/// A small tmpfs mounted for one test, to fill a disk for real. Needs root: `./radcnn test` runs the
/// tests as root in a private mount namespace where the host's C++ runtime is too old, and CI runs
/// as root elsewhere. Unmounted (lazily) on dispose.
/// </summary>
public sealed class SmallTmpfs : IDisposable
{
    private readonly TempDirectory _parent = new("radcnn-tmpfs");

    public SmallTmpfs(int megabytes)
    {
        Path = _parent.Combine("disk");
        Directory.CreateDirectory(Path);
        var mount = Peers.Run("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", Path], TimeSpan.FromSeconds(30));
        if (mount.ExitCode != 0)
        {
            _parent.Dispose();
            throw new InvalidOperationException($"cannot mount a {megabytes} MB tmpfs (the full-disk tests need root; run them through ./radcnn test): {mount.Combined}");
        }
    }

    public string Path { get; }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Writes a file that leaves about <paramref name="bytesLeft"/> free on the disk.</summary>
    public string Fill(long bytesLeft)
    {
        var filler = System.IO.Path.Combine(Path, "filler.bin");
        var size = Math.Max(0, FreeBytes - bytesLeft);
        using (var stream = new FileStream(filler, FileMode.Create, FileAccess.Write))
        {
            var chunk = new byte[1 << 20];
            for (long written = 0; written < size; written += chunk.Length)
            {
                stream.Write(chunk, 0, (int)Math.Min(chunk.Length, size - written));
            }
        }

        return filler;
    }

    public void Dispose()
    {
        Peers.Run("umount", ["-l", Path], TimeSpan.FromSeconds(30));
        _parent.Dispose();
    }
}
