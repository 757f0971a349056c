using RadCnn.Host.Hosting;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Host.SeriesAssembly;
using RadCnn.Host.Store;
using DurableFile = RadCnn.Host.Store.DurableFile;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// Makes one received instance durable, whatever brought it (listener or folder): reads its UIDs,
/// checks the disk reserve, puts the bytes in the spool (fsync, rename), commits the row, and tells
/// the assembler. Only after this returns may the sender be acknowledged or the inbox file removed.
/// </summary>
internal sealed class InstanceIngestor(IJobStore store, Spool spool, StorageGuard guard, SeriesAssembler assembler, TimeProvider time, ILogger<InstanceIngestor> log)
{
    /// <summary>
    /// An instance from the DICOM listener. Where the listener's files stay in place (the service's
    /// listener streams into <see cref="Spool.Received"/>), the file it wrote, fsync'd and hashed is the
    /// spool's copy and its parsed header gives the metadata: what is left before the response is the
    /// row's group commit. Otherwise the file is moved into the spool as a dropped one would be.
    /// </summary>
    public async Task<InstanceStoreResult> IngestReceivedAsync(DicomReceivedInstance received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (!received.MayKeepFile || received.DataSet is null || received.ContentSha256 is null)
        {
            return await IngestAsync(received.TempFilePath, "network", received.CallingAeTitle, moveIntoSpool: true, cancellationToken).ConfigureAwait(false);
        }

        var started = time.GetUtcNow();
        var path = received.TempFilePath;
        var metadata = InstanceMetadataReader.From(received.DataSet);
        var size = new FileInfo(path).Length;
        guard.EnsureRoomFor(size);

        // No early identity check here (unlike IngestAsync, where it spares a hash and a copy): the file is
        // already in place, and the commit applies the same rule to this row with the same outcome, so a
        // lookup before it would only be two more queries per instance.
        var record = new InstanceRecord(metadata.SopInstanceUid, metadata.SopClassUid, metadata.SeriesInstanceUid, metadata.StudyInstanceUid,
            metadata.Modality, metadata.BodyPart, metadata.SeriesDescription, received.CallingAeTitle, "network", path, received.ContentSha256, size,
            time.GetUtcNow(), metadata.PatientHash);
        // The row's commit overlaps the content's fsync where the listener still runs it; both are
        // durable when this returns, or it throws.
        var stored = received.ContentDurable is { } content
            ? await store.PutInstanceWhileFlushingAsync(record, content, cancellationToken).ConfigureAwait(false)
            : await store.PutInstanceAsync(record, cancellationToken).ConfigureAwait(false);
        if (stored.Outcome == InstanceStoreOutcome.Quarantined)
        {
            // Another patient's copy of this UID or series was committed after the early check.
            return await QuarantineAsync(path, null, metadata, stored.ConflictReason!, "network", received.CallingAeTitle, cancellationToken).ConfigureAwait(false);
        }

        if (stored.Outcome != InstanceStoreOutcome.Duplicate)
        {
            // The row names this file now; a duplicate's row still names the first copy, and the
            // listener deletes this one.
            received.KeepFile();
        }

        Stored(stored, metadata, "network", started);
        return stored;
    }

    /// <param name="path">The received file.</param>
    /// <param name="source">"network" or "folder", for status and metrics.</param>
    /// <param name="callingAe">The sender's AE title, when it came over the network.</param>
    /// <param name="moveIntoSpool">True when <paramref name="path"/> is under <see cref="Spool.Incoming"/> and may be renamed into place.</param>
    /// <param name="cancellationToken">Stops the copy; nothing is committed then.</param>
    /// <exception cref="InvalidDataException">Not a DICOM instance; the message says why.</exception>
    /// <exception cref="InsufficientStorageException">Below the disk reserve.</exception>
    public async Task<InstanceStoreResult> IngestAsync(string path, string source, string? callingAe, bool moveIntoSpool, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();

        // A dropped file is opened once, refusing links, FIFOs and devices (O_NOFOLLOW, O_NONBLOCK, then
        // fstat), and everything (header, hash, copy) is read through that one handle: what is stored is
        // what was checked, even if the name is swapped for a link meanwhile.
        await using var inboxFile = moveIntoSpool ? null : UnixFile.OpenRegularForRead(path);
        var metadata = InstanceMetadataReader.Read(inboxFile is null ? path : $"/proc/self/fd/{inboxFile.SafeFileHandle.DangerousGetHandle()}");
        var size = inboxFile?.Length ?? new FileInfo(path).Length;
        guard.EnsureRoomFor(size);
        if (metadata.PatientHash is { } patient
            && await store.CheckIdentityAsync(metadata.SopInstanceUid, metadata.SeriesInstanceUid, patient, cancellationToken).ConfigureAwait(false) is { } conflict)
        {
            return await QuarantineAsync(path, inboxFile, metadata, conflict, source, callingAe, cancellationToken).ConfigureAwait(false);
        }

        // Synchronous: the file was just written, so it is read from the page cache; asynchronous file
        // reads would only add thread-pool hops.
        string hash;
        if (inboxFile is not null)
        {
            hash = Convert.ToHexStringLower(SHA256.HashData(inboxFile));
            inboxFile.Position = 0;
        }
        else
        {
            using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            hash = Convert.ToHexStringLower(SHA256.HashData(read));
        }

        // A name of its own: the copy stored under this UID (perhaps another patient's, should two senders
        // race) is never overwritten before the store has decided.
        string spoolPath;
        if (inboxFile is null)
        {
            spoolPath = spool.CommitReceived(path);
        }
        else
        {
            spoolPath = spool.NewReceivedPath();
            await DurableFile.WriteAsync(spoolPath, inboxFile, cancellationToken).ConfigureAwait(false);
        }

        var record = new InstanceRecord(metadata.SopInstanceUid, metadata.SopClassUid, metadata.SeriesInstanceUid, metadata.StudyInstanceUid,
            metadata.Modality, metadata.BodyPart, metadata.SeriesDescription, callingAe, source, spoolPath, hash, size, time.GetUtcNow(), metadata.PatientHash);
        var stored = await store.PutInstanceAsync(record, cancellationToken).ConfigureAwait(false);
        if (stored.Outcome == InstanceStoreOutcome.Quarantined)
        {
            return await QuarantineAsync(spoolPath, null, metadata, stored.ConflictReason!, source, callingAe, cancellationToken).ConfigureAwait(false);
        }

        if (stored.Outcome == InstanceStoreOutcome.Duplicate)
        {
            // The row still names the first copy; this one no row names (the start-up sweep would remove it too).
            DurableFile.TryDelete(spoolPath);
        }

        Stored(stored, metadata, source, started);
        return stored;
    }

    /// <summary>After the commit: the replaced copy's file goes (no row names it), the assembler hears of the instance, and the span and metric record it.</summary>
    private void Stored(InstanceStoreResult stored, InstanceMetadata metadata, string source, DateTimeOffset started)
    {
        if (stored.PreviousSpoolPath is { } previous && previous.StartsWith(spool.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            // Not durable, nor need it be: should the deletion be lost, the file is one no row names.
            DurableFile.TryDelete(previous);
        }

        assembler.Observe(stored, metadata.Modality);

        using (var span = PipelineTelemetry.StartSpan("ingest", stored.TraceParent))
        {
            span?.SetStartTime(started.UtcDateTime);
            span?.SetTag("radcnn.source", source);
            span?.SetTag("radcnn.sop_instance_uid.hash", PipelineTelemetry.HashUid(metadata.SopInstanceUid));
            span?.SetTag("radcnn.series_uid.hash", PipelineTelemetry.HashUid(metadata.SeriesInstanceUid));
            span?.SetTag("radcnn.modality", metadata.Modality);
            span?.SetTag("radcnn.outcome", stored.Outcome.ToString());
            span?.SetStatus(ActivityStatusCode.Ok);
        }

        PipelineTelemetry.InstancesReceived.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", stored.Outcome.ToString()));
        if (log.IsEnabled(LogLevel.Debug))
        {
            // The UID hashes are computed only for a log that keeps them: two SHA-256 per instance otherwise wasted.
            IngestionLog.InstanceStored(log, PipelineTelemetry.HashUid(metadata.SopInstanceUid), PipelineTelemetry.HashUid(metadata.SeriesInstanceUid), source, stored.Outcome);
        }
    }

    /// <summary>
    /// Same UID (or series) for another patient is a safety event, not an update: the first copy stays
    /// stored and processed, this one is kept durably aside for a person to resolve (so the sender's
    /// data is not lost), and `radcnn status` lists it with the reason.
    /// </summary>
    private async Task<InstanceStoreResult> QuarantineAsync(string path, FileStream? inboxFile, InstanceMetadata metadata, string reason, string source, string? callingAe,
        CancellationToken cancellationToken)
    {
        var target = spool.QuarantinePath(metadata.SopInstanceUid);
        if (inboxFile is null)
        {
            DurableFile.Commit(path, target);
        }
        else
        {
            await DurableFile.WriteAsync(target, inboxFile, cancellationToken).ConfigureAwait(false);
        }

        var id = await store.RecordIdentityConflictAsync(
            new IdentityConflictRecord(0, metadata.SopInstanceUid, metadata.SeriesInstanceUid, source, callingAe, target, reason, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        PipelineTelemetry.InstancesReceived.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", nameof(InstanceStoreOutcome.Quarantined)));
        IngestionLog.IdentityConflict(log, PipelineTelemetry.HashUid(metadata.SopInstanceUid), PipelineTelemetry.HashUid(metadata.SeriesInstanceUid), source, id, reason);
        return new InstanceStoreResult(InstanceStoreOutcome.Quarantined, metadata.SeriesInstanceUid, 0, 0, false, callingAe, string.Empty);
    }
}
