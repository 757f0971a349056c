namespace RadCnn.Host.Hosting;

/// <summary>What a directory entry is, seen without following it.</summary>
internal enum UnixFileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,

    /// <summary>A FIFO, socket or device: opening it may block or never end.</summary>
    Special,
}
