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
    private void BeginStore(CommandSet command)
    {
        _pendingCommand = command;
        _refusal = null;
        var (abstractSyntax, transferSyntax) = _contexts[_messageContext];
        var sopClass = command.GetString(CommandTag.AffectedSopClassUid) ?? string.Empty;
        var sopInstance = command.GetString(CommandTag.AffectedSopInstanceUid) ?? string.Empty;
        if (sopClass != abstractSyntax || sopInstance.Length == 0)
        {
            // The data set is still read (and dropped) so the association stays in step.
            _refusal = DicomStoreStatus.CannotUnderstand;
            return;
        }

        try
        {
            Directory.CreateDirectory(_options.TempDirectory);
            if (_options.MinimumFreeBytes > 0 && new DriveInfo(Path.GetFullPath(_options.TempDirectory)).AvailableFreeSpace < _options.MinimumFreeBytes)
            {
                _refusal = DicomStoreStatus.OutOfResources;
                return;
            }

            var meta = FileMetaWriter.Build(sopClass, sopInstance, transferSyntax, _request!.CallingAeTitle, _options.ImplementationClassUid, _options.ImplementationVersionName);
            _file = IncomingInstanceFile.Create(_options.TempDirectory, meta);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _refusal = StorageErrors.ToStatus(ex);
        }
    }

    private async Task OnDataSetFragmentAsync(ReadOnlyMemory<byte> data, bool isLast, CancellationToken cancellationToken)
    {
        if (_pendingCommand is null)
        {
            throw new DicomProtocolException("data set fragment without a command");
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
        var status = _refusal ?? await StoreAsync(command, cancellationToken).ConfigureAwait(false);
        _pendingCommand = null;
        _refusal = null;
        var field = command.GetUInt16(CommandTag.CommandField) ?? 0;
        await RespondAsync(command, (ushort)(field | CommandField.ResponseBit), (ushort)status, status == DicomStoreStatus.Success ? null : Describe(status), cancellationToken).ConfigureAwait(false);
    }

    private async Task<DicomStoreStatus> StoreAsync(CommandSet command, CancellationToken cancellationToken)
    {
        var file = _file!;
        _file = null;
        using (file)
        {
            file.EndOfData();
            var (abstractSyntax, transferSyntax) = _contexts[_messageContext];
            var instance = new DicomReceivedInstance(
                file.Path,
                abstractSyntax,
                command.GetString(CommandTag.AffectedSopInstanceUid)!,
                transferSyntax,
                _request!.CallingAeTitle,
                _request.CalledAeTitle,
                _remote);
            if (_options.ValidateDataSets && !IsParseable(file))
            {
                return DicomStoreStatus.CannotUnderstand;
            }

            try
            {
                // The content is made durable here, through the handle that wrote it, so handlers
                // only have to make its name durable (see DicomReceivedInstance).
                file.FlushToDisk();
                file.Close();
            }
            catch (IOException ex)
            {
                // Delayed allocation can report a full disk only now.
                return StorageErrors.ToStatus(ex);
            }

            try
            {
                var status = await _handler.StoreAsync(instance, cancellationToken).ConfigureAwait(false);
                if (status == DicomStoreStatus.Success)
                {
                    InstancesStored++;
                }

                return status;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogHandlerFailed(_logger, ex.GetType().Name);
                return StorageErrors.ToStatus(ex);
            }
        }
    }

    /// <summary>Streams through the file with RadCnn.Dicom's parser, leaving large values (pixel data) unread.</summary>
    private static bool IsParseable(IncomingInstanceFile file)
    {
        try
        {
            _ = DicomFile.Open(file.Path, ValidationReadOptions);
            return true;
        }
        catch (DicomFormatException)
        {
            return false;
        }
    }

    private static string Describe(DicomStoreStatus status) => status switch
    {
        DicomStoreStatus.OutOfResources => "out of resources",
        DicomStoreStatus.CannotUnderstand => "cannot understand",
        DicomStoreStatus.ProcessingFailure => "processing failure",
        _ => "unrecognized operation",
    };
}
