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
}
