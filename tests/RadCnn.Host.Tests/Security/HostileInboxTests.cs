using RadCnn.Host.Hosting;
using System.Diagnostics;
using RadCnn.Host.Ingestion;
using RadCnn.Host.Tests.Ingestion;
using RadCnn.Host.Tests.Pipeline;

namespace RadCnn.Host.Tests.Security;

/// <summary>
/// Files an attacker or a careless operator drops into the inboxes (issue 18): links out of the inbox,
/// FIFOs, truncated instances, identifying names and secret bytes, undecodable names, huge reports.
/// Real files, real links and pipes, the real ingestion components.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostileInboxTests
{
    [Fact]
    public async Task A_linked_folder_or_file_is_never_followed_and_nothing_outside_the_inbox_is_read_moved_or_deleted()
    {
        using var f = new IngestionFixture();
        using var logs = new LogCapture();
        var inbox = new FolderInbox(new InboxFolder(f.Dir.Combine("inbox"), logs.CreateLogger("inbox"), "DICOM inbox"), f.Instances, f.InboxOptions, f.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<FolderInbox>.Instance);
        var outside = f.Dir.Combine("outside");
        var outsideDicom = TestStudy.WriteSeries(outside, TestStudy.NewUid(), TestStudy.NewUid(), "CT", 2);
        var secret = Path.Combine(outside, "secret.txt");
        await File.WriteAllTextAsync(secret, "SECRETPW not DICOM");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(Path.Combine(inbox.Folder.Root, "linked-folder"), outside);
        File.CreateSymbolicLink(Path.Combine(inbox.Folder.Root, "linked.dcm"), outsideDicom[0]);
        File.CreateSymbolicLink(Path.Combine(inbox.Folder.Root, "linked-secret.dcm"), secret);
        var own = TestStudy.WriteSeries(Path.Combine(inbox.Folder.Root, "own"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 1);

        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await inbox.ScanAsync(default)); // only the inbox's own file
        f.Time.Advance(TimeSpan.FromSeconds(3));
        await inbox.ScanAsync(default);

        Assert.Equal(1, (await f.Store.GetStatusAsync()).Instances);
        Assert.All(outsideDicom, p => Assert.True(File.Exists(p)));
        Assert.Equal("SECRETPW not DICOM", await File.ReadAllTextAsync(secret));
        Assert.False(File.Exists(own[0]));
        Assert.False(Directory.Exists(inbox.Folder.Rejected));
        Assert.Equal(UnixFileKind.SymbolicLink, UnixFile.Kind(Path.Combine(inbox.Folder.Root, "linked-folder")));
        Assert.Equal(3, inbox.Folder.SkippedCount);

        // Logged once each (three links), with a reason and without the names.
        var skipped = logs.Lines.Where(l => l.Contains("symbolic link", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, skipped.Count);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("linked", StringComparison.Ordinal) || l.Contains("secret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_link_swapped_in_after_listing_is_refused_by_the_open_and_left_alone()
    {
        using var f = new IngestionFixture();
        var folder = new InboxFolder(f.Dir.Combine("inbox"));
        var outside = TestStudy.WriteSeries(f.Dir.Combine("outside"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 1)[0];
        var name = Path.Combine(folder.Root, "swapped.dcm");
        File.CreateSymbolicLink(name, outside);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => f.Instances.IngestAsync(name, "folder", null, moveIntoSpool: false, default));
        Assert.Contains("symbolic link", refused.Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => folder.Remove(name));
        Assert.Throws<IOException>(() => folder.Reject(name, "test"));
        Assert.True(File.Exists(outside));
        Assert.Equal(UnixFileKind.SymbolicLink, UnixFile.Kind(name));
    }

    [Fact]
    public async Task A_fifo_in_the_inbox_is_skipped_without_blocking_and_the_files_beside_it_are_ingested()
    {
        using var f = new IngestionFixture();
        var inbox = f.FolderInbox();
        var fifo = Path.Combine(inbox.Folder.Root, "pipe.dcm");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        TestStudy.WriteSeries(inbox.Folder.Root, TestStudy.NewUid(), TestStudy.NewUid(), "CT", 2);

        await inbox.ScanAsync(default).WaitAsync(TimeSpan.FromSeconds(20));
        f.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(2, await inbox.ScanAsync(default).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(UnixFileKind.Special, UnixFile.Kind(fifo));
        Assert.Throws<InvalidDataException>(() => UnixFile.OpenRegularForRead(fifo).Dispose()); // and it never blocks
    }

    [Fact]
    public async Task A_dicom_file_cut_short_in_its_pixel_data_is_rejected_at_the_door_with_a_reason()
    {
        using var f = new IngestionFixture();
        var inbox = f.FolderInbox();
        var whole = TestStudy.WriteSeries(f.Dir.Combine("src"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 1, size: 64)[0];
        var bytes = await File.ReadAllBytesAsync(whole);
        await File.WriteAllBytesAsync(Path.Combine(inbox.Folder.Root, "cut.dcm"), bytes[..^100]);

        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await inbox.ScanAsync(default));

        Assert.Equal(0, (await f.Store.GetStatusAsync()).Instances);
        var reason = await File.ReadAllTextAsync(Path.Combine(inbox.Folder.Rejected, "cut.dcm.reason.txt"));
        Assert.Contains("cut short", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejection_reasons_and_log_lines_carry_neither_the_file_name_nor_its_bytes()
    {
        using var f = new IngestionFixture();
        using var logs = new LogCapture();
        var inbox = new FolderInbox(new InboxFolder(f.Dir.Combine("inbox")), f.Instances, f.InboxOptions, f.Time,
            new Microsoft.Extensions.Logging.Logger<FolderInbox>(new Microsoft.Extensions.Logging.LoggerFactory([logs])));
        // Bytes that a DICOM parser reads as a tag, a VR and a length: a reason quoting them leaks the file's start.
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "SENTINELNAME^JOSEPHINE.dcm"), "SECRETPW and more text after it");
        await File.WriteAllBytesAsync(Path.Combine(inbox.Folder.Root, "SENTINELPID4711.dcm"), [.. new byte[128], .. "DICM"u8, .. "SECRETPW"u8]);

        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(3));
        await inbox.ScanAsync(default);

        var reasons = Directory.GetFiles(inbox.Folder.Rejected, "*.reason.txt").Select(File.ReadAllText).ToList();
        Assert.Equal(2, reasons.Count);
        Assert.All(reasons, r => Assert.Contains("not readable as DICOM", r, StringComparison.Ordinal));
        var everything = string.Join("\n", reasons.Concat(logs.Lines));
        foreach (var leak in new[] { "SECRETPW", "SECR", "5345", "4553", "SENTINEL", "JOSEPHINE", "4711" })
        {
            Assert.DoesNotContain(leak, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_report_with_an_unknown_extension_is_rejected_without_quoting_its_name()
    {
        using var f = new IngestionFixture();
        var inbox = f.ReportInbox();
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "report.SENTINELNAME"), "Findings: none.");

        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(3));
        await inbox.ScanAsync(default);

        var reason = await File.ReadAllTextAsync(Path.Combine(inbox.Folder.Rejected, "report.SENTINELNAME.reason.txt"));
        Assert.Contains("not a report", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("SENTINEL", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_is_not_utf8_is_moved_to_rejected_under_a_new_name_with_one_log_line_without_the_name()
    {
        using var f = new IngestionFixture();
        using var logs = new LogCapture();
        var folder = new InboxFolder(f.Dir.Combine("inbox"), logs.CreateLogger("inbox"), "DICOM inbox");
        Directory.CreateDirectory(Path.Combine(folder.Root, "sub"));
        using (var touch = Process.Start("python3", ["-c", "import os,sys; open(os.path.join(sys.argv[1].encode(), b'sub', b'scan\\xff\\xfe.dcm'), 'wb').write(b'x'); os.mkfifo(os.path.join(sys.argv[1].encode(), b'pipe\\xff'))", folder.Root]))
        {
            await touch.WaitForExitAsync();
            Assert.Equal(0, touch.ExitCode);
        }

        Assert.Empty(folder.Files());
        Assert.Empty(folder.Files());
        var moved = Assert.Single(Directory.GetFiles(Path.Combine(folder.Rejected, "sub"), "undecodable-name-*"), p => !p.EndsWith(".reason.txt", StringComparison.Ordinal));
        Assert.Equal("x", await File.ReadAllTextAsync(moved));
        Assert.Contains("not valid UTF-8", await File.ReadAllTextAsync(moved + ".reason.txt"), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(folder.Root, "sub")));
        Assert.Single(logs.Lines, l => l.Contains("moved to rejected/", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("scan", StringComparison.Ordinal));

        // A FIFO with such a name is never opened or moved: left in place, logged once.
        Assert.Single(logs.Lines, l => l.Contains("not a regular file (left in place", StringComparison.Ordinal));
        Assert.Single(Directory.GetFileSystemEntries(folder.Root), e => Path.GetFileName(e).StartsWith("pipe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_report_larger_than_the_cap_is_rejected_with_a_reason()
    {
        using var f = new IngestionFixture();
        var inbox = f.ReportInbox();
        await File.WriteAllTextAsync(Path.Combine(inbox.Folder.Root, "huge.txt"), new string('a', ReportParser.MaxReportBytes + 1));

        await inbox.ScanAsync(default);
        f.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await inbox.ScanAsync(default));

        Assert.Contains("at most", await File.ReadAllTextAsync(Path.Combine(inbox.Folder.Rejected, "huge.txt.reason.txt")), StringComparison.Ordinal);
        Assert.Equal(0, (await f.Store.GetStatusAsync()).Reports);
    }
}
