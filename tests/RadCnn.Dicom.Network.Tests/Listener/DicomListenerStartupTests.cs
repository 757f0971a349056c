using RadCnn.TestSupport;
using RadCnn.Dicom.Network.Listener;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Dicom.Network.Tests.Support;

namespace RadCnn.Dicom.Network.Tests.Listener;

public sealed class DicomListenerStartupTests
{
    [Fact]
    public async Task Start_deletes_orphaned_partial_files_but_not_recent_ones()
    {
        string? orphan = null, recent = null;
        await using var listener = await RunningListener.StartAsync(o =>
        {
            Directory.CreateDirectory(o.TempDirectory);
            orphan = Path.Combine(o.TempDirectory, ".incoming-orphan.dcm");
            recent = Path.Combine(o.TempDirectory, ".incoming-recent.dcm");
            File.WriteAllBytes(orphan, new byte[10]);
            File.WriteAllBytes(recent, new byte[10]);
            File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddDays(-1));
        });

        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public async Task A_port_already_taken_is_refused_with_a_message_that_says_so()
    {
        await using var first = await RunningListener.StartAsync();
        var options = new DicomListenerOptions
        {
            Port = first.Port,
            BindAddress = System.Net.IPAddress.Loopback,
            TempDirectory = first.IncomingDirectory,
        };
        await using var second = new DicomListener(options, new DirectoryStorageHandler(first.OutputDirectory));

        var error = await Assert.ThrowsAsync<DicomNetworkException>(() => second.StartAsync());

        Assert.Contains($"port {options.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
        var echo = Dcmtk.Echo(first.Port);
        Assert.True(echo.ExitCode == 0, echo.Combined);
    }
}
