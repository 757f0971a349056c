using RadCnn.Host.Ingestion;
using RadCnn.Host.Tests.Pipeline;

namespace RadCnn.Host.Tests.Ingestion;

public sealed class FolderInboxTests
{
    [Fact]
    public async Task Stable_dicom_files_in_subfolders_are_stored_then_removed_and_other_files_are_rejected_with_a_reason()
    {
        using var f = new IngestionFixture();
        var inbox = f.FolderInbox();
        var study = TestStudy.NewUid();
        TestStudy.WriteSeries(Path.Combine(inbox.Folder.Root, "study", "ct"), study, TestStudy.NewUid(), "CT", 3);
        TestStudy.WriteSeries(Path.Combine(inbox.Folder.Root, "study", "mr"), study, TestStudy.NewUid(), "MR", 2);
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "notes.txt"), "not an image");
        var truncated = Path.Combine(inbox.Folder.Root, "study", "broken.dcm");
        var whole = await File.ReadAllBytesAsync(Directory.GetFiles(Path.Combine(inbox.Folder.Root, "study", "ct"))[0]);
        await File.WriteAllBytesAsync(truncated, whole[..400]);

        Assert.Equal(0, await inbox.ScanAsync(default)); // first sight: not yet known to be stable
        f.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(5, await inbox.ScanAsync(default));

        var status = await f.Store.GetStatusAsync();
        Assert.Equal(5, status.Instances);
        Assert.Equal(2, status.Series);
        Assert.False(Directory.Exists(Path.Combine(inbox.Folder.Root, "study", "ct")));
        Assert.True(File.Exists(Path.Combine(inbox.Folder.Rejected, "notes.txt")));
        Assert.Contains("DICOM", await File.ReadAllTextAsync(Path.Combine(inbox.Folder.Rejected, "notes.txt.reason.txt")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(inbox.Folder.Rejected, "study", "broken.dcm.reason.txt")));
        Assert.Equal(["broken.dcm", "broken.dcm.reason.txt", "notes.txt", "notes.txt.reason.txt"],
            Directory.EnumerateFiles(inbox.Folder.Rejected, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_file_still_being_copied_is_not_taken_until_it_stops_changing()
    {
        using var f = new IngestionFixture();
        var inbox = f.FolderInbox();
        var source = TestStudy.WriteSeries(f.Dir.Combine("src"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 1)[0];
        var bytes = await File.ReadAllBytesAsync(source);
        var target = Path.Combine(inbox.Folder.Root, "slice.dcm");
        await File.WriteAllBytesAsync(target, bytes[..200]);

        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(1));
        await File.WriteAllBytesAsync(target, bytes); // the copy goes on
        f.Time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, await inbox.ScanAsync(default));
        Assert.False(Directory.Exists(inbox.Folder.Rejected));
        f.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await inbox.ScanAsync(default));
    }

    [Fact]
    public async Task Below_the_disk_reserve_files_stay_in_the_inbox_and_nothing_is_lost()
    {
        using var f = new IngestionFixture(reserveMegabytes: long.MaxValue / (1024 * 1024 * 2));
        var inbox = f.FolderInbox();
        TestStudy.WriteSeries(inbox.Folder.Root, TestStudy.NewUid(), TestStudy.NewUid(), "CT", 2);
        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, await inbox.ScanAsync(default));
        Assert.Equal(2, inbox.Folder.Files().Count());
        Assert.False(Directory.Exists(inbox.Folder.Rejected));
        Assert.Equal(0, (await f.Store.GetStatusAsync()).Instances);
    }

    [Fact]
    public async Task The_same_instance_dropped_twice_is_stored_once()
    {
        using var f = new IngestionFixture();
        var inbox = f.FolderInbox();
        var file = TestStudy.WriteSeries(f.Dir.Combine("src"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 1)[0];
        for (var round = 0; round < 2; round++)
        {
            File.Copy(file, Path.Combine(inbox.Folder.Root, $"copy{round}.dcm"));
            await inbox.ScanAsync(default);
            f.Time.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal(1, await inbox.ScanAsync(default));
        }

        Assert.Equal(1, (await f.Store.GetStatusAsync()).Instances);
    }
}
