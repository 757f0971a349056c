using System.Collections.Concurrent;
using System.Security.Cryptography;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Dicom.Network.Tests.Support;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Listener;

/// <summary>
/// Files that stay in place (the service's spool): the handler gets the file the listener wrote,
/// its SHA-256 computed while it streamed in and the parsed data set, and keeps it with no copy or
/// rename; what it does not keep is deleted.
/// </summary>
public sealed class DicomListenerInPlaceTests
{
    [Fact]
    public async Task A_kept_file_stays_where_it_was_received_with_its_hash_and_header_handed_on()
    {
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 12, rows: 64);
        var handler = new KeepingHandler(keep: uid => uid.Last() % 2 == 0);
        // A small PDU: every data set arrives in many fragments, each hashed as it is written.
        await using var listener = await RunningListener.StartAsync(o => { o.FilesStayInPlace = true; o.MaxPduLength = 4096; }, _ => handler);

        var result = Dcmtk.Store(listener.Port, [series.Path], extra: ["+sd"]);
        Assert.True(result.ExitCode == 0, result.Combined);
        await listener.WaitIdleAsync();

        Assert.Equal(12, handler.Seen.Count);
        var kept = handler.Seen.Values.Where(i => i.FileKept).ToList();
        Assert.InRange(kept.Count, 1, 11);
        foreach (var instance in handler.Seen.Values)
        {
            Assert.True(instance.MayKeepFile);
            Assert.Equal(Path.GetFullPath(listener.IncomingDirectory), Path.GetDirectoryName(instance.TempFilePath));
            Assert.False(Path.GetFileName(instance.TempFilePath).StartsWith('.'), "a kept file must not look temporary");
            Assert.Equal(instance.SopInstanceUid, instance.DataSet!.GetStringOrDefault(DicomTag.SOPInstanceUID).Trim('\0', ' '));
            Assert.Equal(instance.FileKept, File.Exists(instance.TempFilePath));
        }

        foreach (var instance in kept)
        {
            var bytes = await File.ReadAllBytesAsync(instance.TempFilePath);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), instance.ContentSha256);
            var original = Directory.GetFiles(series.Path).Single(f => TestFiles.SopInstanceUidOf(File.ReadAllBytes(f)) == instance.SopInstanceUid);
            Assert.True(TestFiles.DataSetBytes(await File.ReadAllBytesAsync(original)).SequenceEqual(TestFiles.DataSetBytes(bytes)));
        }

        // Nothing else is left: the files not kept and those prepared for next instances are gone.
        Assert.Equal(kept.Select(i => i.TempFilePath).Order(StringComparer.Ordinal), listener.PartialFiles().Order(StringComparer.Ordinal));

        // The files prepared ahead had their names made durable a batch at a time once the association
        // proved long: fewer directory fsyncs than instances (one per instance, 13, when made one by one).
        Assert.InRange(DirectorySync.For(listener.IncomingDirectory).SyncCount, 1, 8);
    }

    [Fact]
    public async Task Four_concurrent_associations_flushed_by_syncfs_keep_every_file_whole()
    {
        const ContentFlushMode mode = ContentFlushMode.FileSystem;
        var handler = new KeepingHandler(keep: _ => true);
        var parts = Enumerable.Range(0, 4).Select(_ => new TempDirectory("radcnn-ct")).ToList();
        try
        {
            parts.ForEach(part => TestFiles.GenerateCtSeries(part.Path, 30, rows: 128));
            await using var listener = await RunningListener.StartAsync(
                o => { o.FilesStayInPlace = true; o.OverlapContentFlush = true; o.ContentFlush = mode; }, _ => handler);
            Assert.Equal(mode, listener.Listener.ContentFlush!.Mode);

            var sends = parts.Select(part => Task.Run(() => Dcmtk.Store(listener.Port, [part.Path], extra: ["+sd"]))).ToList();
            foreach (var result in await Task.WhenAll(sends))
            {
                Assert.True(result.ExitCode == 0, result.Combined);
            }

            await listener.WaitIdleAsync();
            Assert.Equal(120, handler.Seen.Count);
            foreach (var instance in handler.Seen.Values)
            {
                var bytes = await File.ReadAllBytesAsync(instance.TempFilePath);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), instance.ContentSha256);
            }

            // Every response waited for a syncfs (none fell back to per-file fsync). How many files one flush
            // covers depends on how the four senders interleave (on a quiet disk each flush may cover one), so
            // the sharing itself is shown where it is deterministic: GroupFlushTests and ContentFlushTests.
            var flush = listener.Listener.ContentFlush;
            Assert.InRange(flush.GroupFlushCount, 1, 120);
            Assert.Equal(0, flush.FallbackCount);
        }
        finally
        {
            parts.ForEach(part => part.Dispose());
        }
    }

    [Fact]
    public async Task Temporary_files_cannot_be_kept()
    {
        var handler = new KeepingHandler(keep: _ => true);
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 1, rows: 64);
        await using var listener = await RunningListener.StartAsync(handler: _ => handler);

        var result = Dcmtk.Store(listener.Port, Directory.GetFiles(series.Path), extra: ["-v"]);

        // The handler's KeepFile threw: the instance is refused, not acknowledged and then lost.
        Assert.Contains("Received Store Response", result.Combined, StringComparison.Ordinal);
        Assert.DoesNotContain("Received Store Response (Success)", result.Combined, StringComparison.Ordinal);
        var instance = Assert.Single(handler.Seen.Values);
        Assert.False(instance.MayKeepFile);
        Assert.Null(instance.ContentSha256);
        Assert.Empty(await listener.PartialFilesOnceIdleAsync());
    }

    private sealed class KeepingHandler(Func<string, bool> keep) : IDicomStorageHandler
    {
        public ConcurrentDictionary<string, DicomReceivedInstance> Seen { get; } = new(StringComparer.Ordinal);

        public ValueTask<DicomStoreStatus> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken)
        {
            Seen[instance.SopInstanceUid] = instance;
            if (keep(instance.SopInstanceUid))
            {
                instance.KeepFile();
            }

            return ValueTask.FromResult(DicomStoreStatus.Success);
        }
    }
}
