using RadCnn.Dicom.Network.Dimse;
using RadCnn.Dicom.Network.Negotiation;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Sender;

/// <summary>
/// RadCnn's C-ECHO and C-STORE SCU. <see cref="StoreAsync"/> sends any number of Part 10 files
/// over one association, each in its own transfer syntax (proposed together with explicit and
/// implicit VR little endian), streaming each data set from disk, and reports a status per file.
/// Association-level failures (refused, aborted, timed out) throw <see cref="DicomNetworkException"/>.
/// </summary>
public sealed class DicomSender
{
    private const int MaxPresentationContexts = 128;
    private readonly DicomSenderOptions _options;

    public DicomSender(DicomSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Verifies the peer with C-ECHO; returns the status it answered (0 = success).</summary>
    public async Task<ushort> EchoAsync(CancellationToken cancellationToken = default)
    {
        var contexts = new[] { new PresentationContextProposal(1, SopClasses.Verification, [TransferSyntaxes.ImplicitVrLittleEndian]) };
        await using var association = await ScuAssociation.OpenAsync(_options, contexts, cancellationToken).ConfigureAwait(false);
        if (!association.Accepted.ContainsKey(1))
        {
            await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            throw new DicomNetworkException($"{_options.CalledAeTitle} does not accept the Verification SOP class");
        }

        var command = new CommandSet()
            .SetString(CommandTag.AffectedSopClassUid, SopClasses.Verification)
            .SetUInt16(CommandTag.CommandField, CommandField.CEchoRequest)
            .SetUInt16(CommandTag.MessageId, association.NextMessageId())
            .SetUInt16(CommandTag.CommandDataSetType, CommandField.NoDataSet);
        await association.SendCommandAsync(1, command, cancellationToken).ConfigureAwait(false);
        var response = await association.ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        return response.GetUInt16(CommandTag.Status) ?? throw new DicomNetworkException("C-ECHO response without status");
    }

    /// <summary>Sends the files (Part 10) over one association; one result per file, in order.</summary>
    public async Task<IReadOnlyList<DicomStoreResult>> StoreAsync(IEnumerable<string> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var results = new List<DicomStoreResult>();
        var sendable = new List<(string Path, DicomPart10Header Header)>();
        foreach (var path in files)
        {
            try
            {
                sendable.Add((path, DicomPart10Header.Read(path)));
            }
            catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
            {
                results.Add(new DicomStoreResult(path, null, null, ex.Message));
            }
        }

        // One presentation context per (SOP class, file transfer syntax); a second association takes the rest.
        var pending = sendable;
        while (pending.Count > 0)
        {
            var keys = pending.Select(f => (f.Header.SopClassUid, f.Header.TransferSyntaxUid)).Distinct().Take(MaxPresentationContexts / 2).ToList();
            var batch = pending.Where(f => keys.Contains((f.Header.SopClassUid, f.Header.TransferSyntaxUid))).ToList();
            pending = pending.Except(batch).ToList();
            var contexts = Propose(keys);
            results.AddRange(await StoreBatchAsync(batch, contexts, cancellationToken).ConfigureAwait(false));
        }

        var order = files.Select((f, i) => (f, i)).GroupBy(x => x.f).ToDictionary(g => g.Key, g => g.First().i);
        return results.OrderBy(r => order.GetValueOrDefault(r.File)).ToList();
    }

    private async Task<List<DicomStoreResult>> StoreBatchAsync(List<(string Path, DicomPart10Header Header)> batch, List<PresentationContextProposal> contexts, CancellationToken cancellationToken)
    {
        var results = new List<DicomStoreResult>();
        await using var association = await ScuAssociation.OpenAsync(_options, contexts, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (path, header) in batch)
            {
                var (context, syntax) = Choose(association, header);
                if (context == 0)
                {
                    var offered = association.Accepted.Where(c => c.Value.AbstractSyntax == header.SopClassUid).Select(c => c.Value.TransferSyntax).FirstOrDefault();
                    results.Add(new DicomStoreResult(path, header.SopInstanceUid, null, offered is null
                        ? $"{_options.CalledAeTitle} does not accept SOP class {header.SopClassUid}"
                        : $"{_options.CalledAeTitle} accepts this SOP class only in {offered}, and the file is in {header.TransferSyntaxUid}"));
                    continue;
                }

                ushort status;
                try
                {
                    status = await SendOneAsync(association, context, path, header, syntax, cancellationToken).ConfigureAwait(false);
                }
                catch (DicomFormatException ex)
                {
                    // Raised while re-encoding, before the command went out: the association is still in step.
                    results.Add(new DicomStoreResult(path, header.SopInstanceUid, null, $"cannot re-encode to {syntax}: {ex.Message}"));
                    continue;
                }

                results.Add(new DicomStoreResult(path, header.SopInstanceUid, status, null));
            }

            await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await association.AbortAsync().ConfigureAwait(false);
            throw;
        }
        catch (DicomNetworkException ex)
        {
            await association.AbortAsync().ConfigureAwait(false);
            foreach (var (path, header) in batch.Skip(results.Count))
            {
                results.Add(new DicomStoreResult(path, header.SopInstanceUid, null, ex.Message));
            }
        }
        catch (IOException ex)
        {
            await association.AbortAsync().ConfigureAwait(false);
            foreach (var (path, header) in batch.Skip(results.Count))
            {
                results.Add(new DicomStoreResult(path, header.SopInstanceUid, null, $"association lost: {ex.Message}"));
            }
        }

        return results;
    }

    /// <summary>
    /// Per (SOP class, file syntax) a context offering only the file's own syntax, so it goes out as
    /// it is whenever the peer takes it; per SOP class of uncompressed files one more context with
    /// explicit and implicit VR little endian, used (with re-encoding) only when the first is refused.
    /// </summary>
    private static List<PresentationContextProposal> Propose(List<(string SopClassUid, string TransferSyntaxUid)> keys)
    {
        var contexts = new List<PresentationContextProposal>();
        foreach (var (sopClass, syntax) in keys)
        {
            contexts.Add(new PresentationContextProposal((byte)((2 * contexts.Count) + 1), sopClass, [syntax]));
        }

        foreach (var sopClass in keys.Where(k => DataSetTranscoder.CanTranscode(k.TransferSyntaxUid, TransferSyntaxes.ExplicitVrLittleEndian)).Select(k => k.SopClassUid).Distinct())
        {
            contexts.Add(new PresentationContextProposal((byte)((2 * contexts.Count) + 1), sopClass, TransferSyntaxes.Uncompressed));
        }

        return contexts;
    }

    /// <summary>The context carrying the file's own syntax, else one whose syntax it can be re-encoded to.</summary>
    private static (byte Context, string Syntax) Choose(ScuAssociation association, DicomPart10Header header)
    {
        var candidates = association.Accepted.Where(c => c.Value.AbstractSyntax == header.SopClassUid).ToList();
        foreach (var (id, (_, syntax)) in candidates)
        {
            if (syntax == header.TransferSyntaxUid)
            {
                return (id, syntax);
            }
        }

        foreach (var (id, (_, syntax)) in candidates)
        {
            if (DataSetTranscoder.CanTranscode(header.TransferSyntaxUid, syntax))
            {
                return (id, syntax);
            }
        }

        return (0, string.Empty);
    }

    private static async Task<ushort> SendOneAsync(ScuAssociation association, byte context, string path, DicomPart10Header header, string syntax, CancellationToken cancellationToken)
    {
        var transcoded = syntax == header.TransferSyntaxUid ? null : DataSetTranscoder.ToTempFile(path, syntax);
        try
        {
            return await SendDataSetAsync(association, context, transcoded ?? path, header, transcoded is null ? header.DataSetOffset : 0, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (transcoded is not null)
            {
                File.Delete(transcoded);
            }
        }
    }

    private static async Task<ushort> SendDataSetAsync(ScuAssociation association, byte context, string path, DicomPart10Header header, long offset, CancellationToken cancellationToken)
    {
        // Open before the command goes out: a file that vanished must not leave a half-sent message.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        stream.Position = offset;
        var command = new CommandSet()
            .SetString(CommandTag.AffectedSopClassUid, header.SopClassUid)
            .SetUInt16(CommandTag.CommandField, CommandField.CStoreRequest)
            .SetUInt16(CommandTag.MessageId, association.NextMessageId())
            .SetUInt16(CommandTag.Priority, 0)
            .SetUInt16(CommandTag.CommandDataSetType, 0x0000)
            .SetString(CommandTag.AffectedSopInstanceUid, header.SopInstanceUid);
        await association.SendCommandAsync(context, command, cancellationToken).ConfigureAwait(false);

        var remaining = stream.Length - offset;
        do
        {
            var count = (int)Math.Min(association.MaxFragment, remaining);
            await stream.ReadExactlyAsync(association.FragmentArea[..count], cancellationToken).ConfigureAwait(false);
            remaining -= count;
            await association.SendDataFragmentAsync(context, count, remaining == 0, cancellationToken).ConfigureAwait(false);
        }
        while (remaining > 0);

        var response = await association.ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        return response.GetUInt16(CommandTag.Status) ?? throw new DicomNetworkException("C-STORE response without status");
    }
}
