using System.Net;
using RadCnn.Dicom.Network.Listener;
using RadCnn.Dicom.Network.Storage;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Support;

/// <summary>A real DicomListener on a free loopback port, storing into a temporary directory.</summary>
internal sealed class RunningListener : IAsyncDisposable
{
    private readonly TempDirectory _temp = new("radcnn-net");

    private RunningListener(Action<DicomListenerOptions>? configure, Func<string, IDicomStorageHandler>? handler)
    {
        OutputDirectory = _temp.Combine("out");
        Options = new DicomListenerOptions
        {
            Port = 0,
            BindAddress = IPAddress.Loopback,
            AeTitle = "RADCNN",
            TempDirectory = _temp.Combine("incoming"),
            MinimumFreeBytes = 0,
            ArtimTimeout = TimeSpan.FromSeconds(10),
            IdleTimeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(Options);
        Handler = handler?.Invoke(OutputDirectory) ?? new DirectoryStorageHandler(OutputDirectory);
        Listener = new DicomListener(Options, Handler);
    }

    public DicomListenerOptions Options { get; }

    public IDicomStorageHandler Handler { get; }

    public DicomListener Listener { get; }

    public string OutputDirectory { get; }

    public string IncomingDirectory => Options.TempDirectory;

    public int Port => Listener.LocalEndPoint.Port;

    public static async Task<RunningListener> StartAsync(Action<DicomListenerOptions>? configure = null, Func<string, IDicomStorageHandler>? handler = null)
    {
        var running = new RunningListener(configure, handler);
        Directory.CreateDirectory(running.OutputDirectory);
        await running.Listener.StartAsync();
        return running;
    }

    public string[] StoredFiles() => Directory.GetFiles(OutputDirectory, "*.dcm");

    public string[] PartialFiles() => Directory.Exists(IncomingDirectory) ? Directory.GetFiles(IncomingDirectory) : [];

    /// <summary>Waits until every association has ended (15 s at most).</summary>
    public async Task WaitIdleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Listener.ActiveAssociations > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Listener.ActiveAssociations} associations still active");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>
    /// The temporary files left once every association has ended: a peer may see the release
    /// answered before the listener has deleted the file it prepared for a next instance.
    /// </summary>
    public async Task<string[]> PartialFilesOnceIdleAsync()
    {
        await WaitIdleAsync();
        return PartialFiles();
    }

    public async ValueTask DisposeAsync()
    {
        await Listener.DisposeAsync();
        _temp.Dispose();
    }
}
