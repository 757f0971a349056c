using RadCnn.Dicom.Network.Dimse;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>
/// C-STORE reception: the data set is streamed to a temporary file as its fragments arrive (or read
/// and dropped when the store is refused up front), validated, made durable and handed to the
/// storage handler, whose outcome becomes the response status.
/// </summary>
internal sealed partial class ScpAssociation
{
    private async Task BeginStoreAsync(CommandSet command)
    {
        _pendingCommand = command;
        _refusal = null;
        _firstFragmentAt = 0;
        var (abstractSyntax, transferSyntax) = _contexts[_messageContext];
        var sopClass = command.GetString(CommandTag.AffectedSopClassUid) ?? string.Empty;
        var sopInstance = command.GetString(CommandTag.AffectedSopInstanceUid) ?? string.Empty;
        if (sopClass != abstractSyntax || sopInstance.Length == 0)
        {
            // The data set is still read (and dropped) so the association stays in step.
            _refusal = DicomStoreStatus.CannotUnderstand;
            return;
        }

        IncomingInstanceFile? spare = null;
        try
        {
            // The prepared file, when it is still there, shows the directory exists; otherwise an operator
            // (or a temp cleaner) may have removed it, and it is created again.
            spare = await TakeSpareFileAsync().ConfigureAwait(false);
            if (spare is null)
            {
                Directory.CreateDirectory(_options.TempDirectory);
            }

            if (_options.MinimumFreeBytes > 0 && new DriveInfo(Path.GetFullPath(_options.TempDirectory)).AvailableFreeSpace < _options.MinimumFreeBytes)
            {
                _refusal = DicomStoreStatus.OutOfResources;
                // Kept for the next instance, which may find room again.
                if (spare is not null)
                {
                    _spares.Push(spare);
                    spare = null;
                }

                return;
            }

            var meta = FileMetaWriter.Build(sopClass, sopInstance, transferSyntax, _request!.CallingAeTitle, _options.ImplementationClassUid, _options.ImplementationVersionName);
            var file = spare ?? IncomingInstanceFile.Create(_options.TempDirectory, _options.FilesStayInPlace, _options.WriteBehindBytes);
            spare = null;
            try
            {
                file.Append(meta);
            }
            catch
            {
                file.Dispose();
                throw;
            }

            _file = file;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            spare?.Dispose();
            _refusal = StorageErrors.ToStatus(ex);
        }
    }

    private async Task OnDataSetFragmentAsync(ReadOnlyMemory<byte> data, bool isLast, CancellationToken cancellationToken)
    {
        if (_pendingCommand is null)
        {
            throw new DicomProtocolException("data set fragment without a command");
        }

        if (_firstFragmentAt == 0)
        {
            _firstFragmentAt = _time.GetTimestamp();
        }

        if (_file is not null)
        {
            try
            {
                _file.Append(data.Span);
            }
            catch (IOException ex)
            {
                _refusal = StorageErrors.ToStatus(ex);
                _file.Dispose();
                _file = null;
            }
        }

        if (!isLast)
        {
            return;
        }

        var command = _pendingCommand;
        var lastFragmentAt = _time.GetTimestamp();
        var status = _refusal ?? await StoreAsync(command, cancellationToken).ConfigureAwait(false);
        _metrics.Stored(_time.GetElapsedTime(_firstFragmentAt, lastFragmentAt), _time.GetElapsedTime(lastFragmentAt), Describe(status));
        _pendingCommand = null;
        _refusal = null;
        var field = command.GetUInt16(CommandTag.CommandField) ?? 0;
        await RespondAsync(command, (ushort)(field | CommandField.ResponseBit), (ushort)status, status == DicomStoreStatus.Success ? null : Describe(status), cancellationToken).ConfigureAwait(false);
        PrepareSpareFiles();
    }

    /// <summary>
    /// Starts creating temporary files for the next instances on another thread, so that one is
    /// ready when an instance's first fragment arrives. A new inode is the costliest step between
    /// a C-STORE command and its first fragment (0.02 to 0.5 ms on the test VM's ext4, depending on
    /// where the directory lies), often more than the peer needs to read a response and send its
    /// next command; started when an instance's last fragment has arrived, it runs while the
    /// association's own thread waits for the fsync. Once the association has stored a few, they
    /// are made <see cref="SparesPerBatch"/> at a time, ahead of need: one trip through the thread pool and (where files stay in place) one
    /// directory fsync cover that many instances instead of one each, CPU that counts on a machine
    /// where the ingest is CPU-bound. A failure is left for <see cref="BeginStoreAsync"/> to meet
    /// again and report as a status.
    /// </summary>
    private void PrepareSpareFiles()
    {
        if (_sparesComing is not null || _spares.Count > 1)
        {
            return;
        }

        var directory = _options.TempDirectory;
        var stayInPlace = _options.FilesStayInPlace;
        var writeBehind = _options.WriteBehindBytes;
        // One at first, more as the association proves long: a sender that opens an association per
        // instance (or per few) leaves no batch of unused files to delete behind it.
        var count = Math.Clamp(InstancesStored, 1, SparesPerBatch);
        _sparesComing = Task.Run(() =>
        {
            var made = new List<IncomingInstanceFile>(count);
            try
            {
                // No mkdir on the way: the directory is there unless someone removed it, and then
                // BeginStoreAsync creates it again.
                while (made.Count < count)
                {
                    made.Add(IncomingInstanceFile.Create(directory, stayInPlace, writeBehind));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Those made so far serve; the next batch, or BeginStoreAsync, meets the error again.
            }

            if (stayInPlace && made.Count > 0)
            {
                // The new names made durable now, while the disk is busy with the current
                // instance's fsync anyway (and shared with every association's spares created
                // meanwhile), not on the way to the next response.
                try
                {
                    DirectorySync.For(directory).Sync();
                    made.ForEach(spare => spare.EntryDurable = true);
                }
                catch (IOException)
                {
                    // Tried again, and reported, on the way to the response.
                }
            }

            return made;
        });
    }

    /// <summary>Files made ahead per trip (see <see cref="PrepareSpareFiles"/>): each holds a handle until used or the association ends.</summary>
    private const int SparesPerBatch = 4;

    /// <summary>A file prepared for this instance, unless its directory was removed since (then null).</summary>
    private async Task<IncomingInstanceFile?> TakeSpareFileAsync()
    {
        if (_spares.Count == 0 && _sparesComing is { } coming)
        {
            _sparesComing = null;
            (await coming.ConfigureAwait(false)).ForEach(_spares.Push);
        }

        while (_spares.TryPop(out var spare))
        {
            if (File.Exists(spare.Path))
            {
                return spare;
            }

            // The directory was removed (with every spare in it): BeginStoreAsync creates it again.
            spare.Dispose();
        }

        return null;
    }

    /// <summary>Deletes the prepared files, once their creation has finished, when the association ends.</summary>
    private async Task DiscardSpareFilesAsync()
    {
        if (_sparesComing is { } coming)
        {
            _sparesComing = null;
            (await coming.ConfigureAwait(false)).ForEach(_spares.Push);
        }

        while (_spares.TryPop(out var spare))
        {
            spare.Dispose();
        }
    }

    private async Task<DicomStoreStatus> StoreAsync(CommandSet command, CancellationToken cancellationToken)
    {
        var file = _file!;
        _file = null;
        using (file)
        {
            file.EndOfData();
            PrepareSpareFiles();
            var (abstractSyntax, transferSyntax) = _contexts[_messageContext];
            var sopInstanceUid = command.GetString(CommandTag.AffectedSopInstanceUid)!;
            var contentHash = file.ContentSha256();
            DicomStoreStatus? unsynced = null;
            // Overlapped: the handler's own durable write runs while the content's fsync does, and
            // the response below waits for both (see DicomListenerOptions.OverlapContentFlush).
            var flush = _options.FilesStayInPlace && _options.OverlapContentFlush
                ? Task.Run(() => FlushContentAsync(file), CancellationToken.None)
                : null;
            // The parse reads what the page cache holds while the fsync waits for the disk, so
            // validation costs no time of its own on the way to the response: on this thread where
            // the fsync already runs on another (a second hop through the pool per instance would
            // cost CPU and gain nothing), otherwise on another thread while this one fsyncs.
            var parse = !_options.ValidateDataSets
                ? null
                : flush is not null
                    ? Task.FromResult(CheckParses(file.Path, sopInstanceUid, command.GetString(CommandTag.AffectedSopClassUid)))
                    : Task.Run(() => CheckParses(file.Path, sopInstanceUid, command.GetString(CommandTag.AffectedSopClassUid)), CancellationToken.None);
            if (flush is null)
            {
                try
                {
                    await FlushContentAsync(file).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    // Delayed allocation can report a full disk only now.
                    unsynced = StorageErrors.ToStatus(ex);
                }
            }

            DicomDataset? dataSet = null;
            if (parse is not null)
            {
                var (unparsed, parsed) = await parse.ConfigureAwait(false);
                if (unparsed is { } refusal)
                {
                    await FlushedStatusAsync(flush).ConfigureAwait(false);
                    return refusal;
                }

                dataSet = parsed;
            }

            if (unsynced is { } failure)
            {
                return failure;
            }

            var instance = new DicomReceivedInstance(
                file.Path,
                abstractSyntax,
                sopInstanceUid,
                transferSyntax,
                _request!.CallingAeTitle,
                _request.CalledAeTitle,
                _remote)
            {
                DataSet = dataSet,
                ContentSha256 = contentHash,
                MayKeepFile = _options.FilesStayInPlace && (flush is not null || file.EntryDurable),
                ContentDurable = flush,
            };
            try
            {
                var status = await _handler.StoreAsync(instance, cancellationToken).ConfigureAwait(false);
                if (await FlushedStatusAsync(flush).ConfigureAwait(false) is { } flushFailed)
                {
                    // Never acknowledged, so never kept: the handler heard of the failure through ContentDurable.
                    return flushFailed;
                }

                if (instance.FileKept)
                {
                    file.Keep();
                }

                if (status == DicomStoreStatus.Success)
                {
                    InstancesStored++;
                }

                return status;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await FlushedStatusAsync(flush).ConfigureAwait(false);
                LogHandlerFailed(_logger, ex.GetType().Name);
                return StorageErrors.ToStatus(ex);
            }
            catch (OperationCanceledException)
            {
                // The file is disposed on the way out: not under a flush still running.
                await FlushedStatusAsync(flush).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// The content made durable (through the handle that wrote it, or by a flush shared with the
    /// other associations: see <see cref="ContentFlush"/>), so handlers only have to make its name
    /// durable (see DicomReceivedInstance); the name too where the file was not prepared ahead.
    /// Synchronous where each file is fsync'd on its own.
    /// </summary>
    private async Task FlushContentAsync(IncomingInstanceFile file)
    {
        await _contentFlush.FlushAsync(file).ConfigureAwait(false);
        file.Close();
        if (_options.FilesStayInPlace && !file.EntryDurable)
        {
            // The first instance of an association, whose file was not prepared ahead.
            DirectorySync.For(_options.TempDirectory).Sync();
            file.EntryDurable = true;
        }
    }

    /// <summary>Waits for an overlapped flush (the file is not disposed under it): null when it succeeded or there was none.</summary>
    private static async Task<DicomStoreStatus?> FlushedStatusAsync(Task? flush)
    {
        if (flush is null)
        {
            return null;
        }

        try
        {
            await flush.ConfigureAwait(false);
            return null;
        }
        catch (IOException ex)
        {
            // Delayed allocation can report a full disk only now.
            return StorageErrors.ToStatus(ex);
        }
    }

    /// <summary>
    /// Streams through the file with RadCnn.Dicom's parser, leaving large values (pixel data)
    /// unread: no refusal (and the parsed data set, handed on to the handler) when it parses, Cannot
    /// Understand when it does not, and the status of the storage error when the file cannot be read back.
    /// </summary>
    /// A data set whose SOP Instance or Class UID is not the one its command announced is refused with
    /// A900: the sender's bookkeeping and the stored object would disagree about what was sent.
    private (DicomStoreStatus? Refusal, DicomDataset? DataSet) CheckParses(string path, string affectedSopInstance, string? affectedSopClass)
    {
        try
        {
            var data = DicomFile.Open(path, ValidationReadOptions).Dataset;
            var sop = data.GetStringOrDefault(DicomTag.SOPInstanceUID).Trim('\0', ' ');
            var sopClass = data.GetStringOrDefault(DicomTag.SOPClassUID).Trim('\0', ' ');
            if (!string.Equals(sop, affectedSopInstance.Trim('\0', ' '), StringComparison.Ordinal)
                || (affectedSopClass is not null && !string.Equals(sopClass, affectedSopClass.Trim('\0', ' '), StringComparison.Ordinal)))
            {
                LogUidMismatch(_logger, _request?.CallingAeTitle ?? "?");
                return (DicomStoreStatus.DataSetDoesNotMatch, null);
            }

            return (null, data);
        }
        catch (DicomFormatException)
        {
            return (DicomStoreStatus.CannotUnderstand, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (StorageErrors.ToStatus(ex), null);
        }
    }

    private static string Describe(DicomStoreStatus status) => status switch
    {
        DicomStoreStatus.Success => "success",
        DicomStoreStatus.OutOfResources => "out of resources",
        DicomStoreStatus.CannotUnderstand => "cannot understand",
        DicomStoreStatus.DataSetDoesNotMatch => "data set does not match its command",
        DicomStoreStatus.ProcessingFailure => "processing failure",
        _ => "unrecognized operation",
    };
}
