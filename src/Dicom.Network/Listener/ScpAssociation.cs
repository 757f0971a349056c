using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging;
using RadCnn.Dicom.Network.Dimse;
using RadCnn.Dicom.Network.Negotiation;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>
/// One association accepted by the listener, from A-ASSOCIATE-RQ to release or abort: checks the
/// caller, negotiates contexts, then serves C-ECHO and C-STORE. A C-STORE data set is streamed to
/// a temporary file fragment by fragment and handed to the storage handler when complete; the
/// response goes back only after the handler returns. Any protocol error aborts the association;
/// whatever happens, the partial file is deleted.
/// </summary>
internal sealed partial class ScpAssociation
{
    private readonly Stream _stream;
    private readonly System.Net.Sockets.Socket? _socket;
    private static readonly DicomReadOptions ValidationReadOptions = new() { LazyValueThreshold = 4096, WholeFileThreshold = 0 };
    private readonly IPAddress? _remote;
    private readonly DicomListenerOptions _options;
    private readonly IDicomStorageHandler _handler;
    private readonly ILogger _logger;
    private readonly Func<bool> _establish;
    private readonly Dictionary<byte, (string AbstractSyntax, string TransferSyntax)> _contexts = [];
    private readonly ArrayBufferWriter<byte> _command = new(1024);
    private AssociateRequest? _request;
    private PdvWriter? _writer;

    // The message in progress: its command, the context it travels on, and where its data set goes.
    private byte _messageContext;
    private CommandSet? _pendingCommand;
    private IncomingInstanceFile? _file;
    private DicomStoreStatus? _refusal;

    // Empty files created ahead for the next C-STOREs (see PrepareSpareFiles): those ready, and a batch being created.
    private readonly Stack<IncomingInstanceFile> _spares = new();
    private Task<List<IncomingInstanceFile>>? _sparesComing;

    private readonly ListenerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ContentFlush _contentFlush;

    // When the data set in progress sent its first fragment (0: none yet).
    private long _firstFragmentAt;

    public ScpAssociation(Stream stream, IPAddress? remote, DicomListenerOptions options, IDicomStorageHandler handler, ILogger logger, Func<bool> establish, System.Net.Sockets.Socket? socket, ListenerMetrics metrics, TimeProvider time, ContentFlush contentFlush)
    {
        _contentFlush = contentFlush;
        _metrics = metrics;
        _time = time;
        _socket = socket;
        _stream = stream;
        _remote = remote;
        _options = options;
        _handler = handler;
        _logger = logger;
        _establish = establish;
    }

    public int InstancesStored { get; private set; }

    public async Task RunAsync(CancellationToken stopping)
    {
        using var channel = new PduChannel(_stream, _options.MaxPduLength);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            // A short timer until the whole A-ASSOCIATE-RQ is in: a peer that connects and stalls holds a
            // pending slot for seconds, not for the full ARTIM period.
            timer.CancelAfter(_options.PreAssociationTimeout < _options.ArtimTimeout ? _options.PreAssociationTimeout : _options.ArtimTimeout);
            if (!await AssociateAsync(channel, timer.Token).ConfigureAwait(false))
            {
                return;
            }

            while (true)
            {
                if (!timer.TryReset())
                {
                    return;
                }

                timer.CancelAfter(_options.IdleTimeout);
                QuickAck.Arm(_socket);
                var pdu = await channel.ReadAsync(timer.Token).ConfigureAwait(false);
                if (pdu is null)
                {
                    LogConnectionLost(_logger, _request!.CallingAeTitle);
                    return;
                }

                var (type, body) = pdu.Value;
                switch (type)
                {
                    case PduType.DataTransfer:
                        await OnDataAsync(body, stopping).ConfigureAwait(false);
                        break;
                    case PduType.ReleaseRequest:
                        if (_pendingCommand is not null || _command.WrittenCount > 0)
                        {
                            throw new DicomProtocolException("A-RELEASE-RQ in the middle of a message", AbortReason.UnexpectedPdu);
                        }

                        await channel.SendReleaseResponseAsync(stopping).ConfigureAwait(false);
                        LogReleased(_logger, _request!.CallingAeTitle, InstancesStored);
                        return;
                    case PduType.Abort:
                        LogPeerAborted(_logger, _request!.CallingAeTitle);
                        return;
                    default:
                        throw new DicomProtocolException($"unexpected {type} PDU on an established association", AbortReason.UnexpectedPdu);
                }
            }
        }
        catch (DicomProtocolException ex)
        {
            LogProtocolError(_logger, _request?.CallingAeTitle ?? "?", ex.Message);
            await TryAbortAsync(channel, ex.Reason).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            LogTimedOut(_logger, _request?.CallingAeTitle ?? "?");
            await TryAbortAsync(channel, AbortReason.NotSpecified).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await TryAbortAsync(channel, AbortReason.NotSpecified).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            LogConnectionLost(_logger, _request?.CallingAeTitle ?? "?");
        }
        finally
        {
            _file?.Dispose();
            _file = null;
            await DiscardSpareFilesAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> AssociateAsync(PduChannel channel, CancellationToken cancellationToken)
    {
        var pdu = await channel.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (pdu is null)
        {
            return false;
        }

        if (pdu.Value.Type != PduType.AssociateRequest)
        {
            throw new DicomProtocolException($"expected A-ASSOCIATE-RQ, got {pdu.Value.Type}", AbortReason.UnexpectedPdu);
        }

        var request = AssociateCodec.DecodeRequest(pdu.Value.Body.Span);
        _request = request;
        var rejection = AssociationAdmission.Check(request, _options, _remote, _establish());
        if (rejection is not null)
        {
            LogRejected(_logger, request.CallingAeTitle, request.CalledAeTitle, rejection.ToString());
            _metrics.Rejected(rejection.ToString());
            await channel.SendRejectAsync(rejection, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var answers = AssociationNegotiator.Answer(request.PresentationContexts);
        foreach (var answer in answers.Where(a => a.Result == PresentationContextResult.Acceptance))
        {
            var proposal = request.PresentationContexts.First(p => p.Id == answer.Id);
            _contexts[answer.Id] = (proposal.AbstractSyntax, answer.TransferSyntax);
        }

        var peer = request.UserInformation;
        var user = new UserInformation(
            (uint)_options.MaxPduLength,
            _options.ImplementationClassUid,
            _options.ImplementationVersionName,
            // Operations are performed one at a time: a proposed window is answered with 1/1 (PS3.7 D.3.3.3).
            peer.AsynchronousOperations is null ? null : ((ushort)1, (ushort)1),
            // This side is the SCP of every context: the proposed SCU role is granted, the SCP role is not.
            peer.Roles?.Select(r => new RoleSelection(r.SopClassUid, r.ScuRole, false)).ToList(),
            // A positive response only for an identity that was checked: a verified credential of this caller
            // (its server response is empty for types 1 and 2, PS3.7 D.3.3.7.2). Otherwise none: not verified.
            IdentityResponse: peer.Identity is { PositiveResponseRequested: true } && _options.Credentials.Any(c => string.Equals(c.AeTitle, request.CallingAeTitle, StringComparison.Ordinal)) ? [] : null);
        var accept = new AssociateAccept(request.CalledAeTitle, request.CallingAeTitle, AssociateCodec.DicomApplicationContext, answers, user);
        await channel.WriteAsync(AssociateCodec.Encode(accept), cancellationToken).ConfigureAwait(false);
        _writer = new PdvWriter(channel, peer.MaxPduLength, 4096);
        LogAccepted(_logger, request.CallingAeTitle, _contexts.Count, request.PresentationContexts.Count);
        _metrics.Accepted();
        if (_contexts.Values.Any(c => c.AbstractSyntax != SopClasses.Verification))
        {
            PrepareSpareFiles();
        }

        return true;
    }

    private async Task OnDataAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < body.Length)
        {
            if (body.Length - offset < 6)
            {
                throw new DicomProtocolException("truncated PDV item header");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(body.Span[offset..]);
            if (length < 2 || length > body.Length - offset - 4)
            {
                throw new DicomProtocolException($"PDV item length {length} does not fit its PDU");
            }

            var contextId = body.Span[offset + 4];
            var control = body.Span[offset + 5];
            var data = body.Slice(offset + 6, (int)length - 2);
            offset += 4 + (int)length;
            if (!_contexts.ContainsKey(contextId))
            {
                throw new DicomProtocolException($"PDV on presentation context {contextId}, which was not accepted");
            }

            var isCommand = (control & 1) != 0;
            var isLast = (control & 2) != 0;
            if (_messageContext != 0 && _messageContext != contextId)
            {
                throw new DicomProtocolException("message fragments on two presentation contexts");
            }

            _messageContext = contextId;
            if (isCommand)
            {
                await OnCommandFragmentAsync(data, isLast, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await OnDataSetFragmentAsync(data, isLast, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task OnCommandFragmentAsync(ReadOnlyMemory<byte> data, bool isLast, CancellationToken cancellationToken)
    {
        if (_pendingCommand is not null)
        {
            throw new DicomProtocolException("command fragment while a data set was expected");
        }

        if (_command.WrittenCount + data.Length > CommandSet.MaxEncodedLength)
        {
            throw new DicomProtocolException("command set larger than 64 KiB");
        }

        _command.Write(data.Span);
        if (!isLast)
        {
            return;
        }

        var command = CommandSet.Decode(_command.WrittenSpan);
        _command.ResetWrittenCount();
        var field = command.GetUInt16(CommandTag.CommandField) ?? throw new DicomProtocolException("command set without command field");
        var hasDataSet = command.GetUInt16(CommandTag.CommandDataSetType) is { } type && type != CommandField.NoDataSet;
        switch (field)
        {
            case CommandField.CEchoRequest when !hasDataSet:
                await RespondAsync(command, CommandField.CEchoResponse, 0, null, cancellationToken).ConfigureAwait(false);
                break;
            case CommandField.CStoreRequest when hasDataSet:
                await BeginStoreAsync(command).ConfigureAwait(false);
                break;
            case CommandField.CCancelRequest:
                // Nothing runs long enough here to be cancelled.
                _messageContext = 0;
                break;
            default:
                if (hasDataSet)
                {
                    _pendingCommand = command;
                    _refusal = (DicomStoreStatus)0x0211;
                }
                else
                {
                    await RespondAsync(command, (ushort)(field | CommandField.ResponseBit), 0x0211, "unrecognized operation", cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    private async Task RespondAsync(CommandSet request, ushort field, ushort status, string? comment, CancellationToken cancellationToken)
    {
        var response = new CommandSet()
            .SetUInt16(CommandTag.CommandField, field)
            .SetUInt16(CommandTag.MessageIdBeingRespondedTo, request.GetUInt16(CommandTag.MessageId) ?? 0)
            .SetUInt16(CommandTag.CommandDataSetType, CommandField.NoDataSet)
            .SetUInt16(CommandTag.Status, status);
        if (request.GetString(CommandTag.AffectedSopClassUid) is { Length: > 0 } sopClass)
        {
            response.SetString(CommandTag.AffectedSopClassUid, sopClass);
        }

        if (request.GetString(CommandTag.AffectedSopInstanceUid) is { Length: > 0 } sopInstance)
        {
            response.SetString(CommandTag.AffectedSopInstanceUid, sopInstance);
        }

        if (comment is not null)
        {
            response.SetString(CommandTag.ErrorComment, comment, uid: false);
        }

        var context = _messageContext;
        _messageContext = 0;
        await _writer!.SendAsync(context, command: true, response.Encode(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task TryAbortAsync(PduChannel channel, AbortReason reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await channel.SendAbortAsync(reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or NotSupportedException or System.Net.Sockets.SocketException)
        {
            // The peer is gone or the stream is broken: nothing more to tell it.
        }
    }
}
