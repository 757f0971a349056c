using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using RadCnn.Dicom.Network.Dimse;
using RadCnn.Dicom.Network.Tls;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Sender;

/// <summary>
/// The requestor's side of one association: connect (optionally TLS), negotiate, exchange DIMSE
/// messages one at a time, release. Fragment sizes follow the peer's maximum PDU length; incoming
/// PDUs are bounded by this side's.
/// </summary>
internal sealed class ScuAssociation : IAsyncDisposable
{
    private readonly DicomSenderOptions _options;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PduChannel _channel;
    private readonly ArrayBufferWriter<byte> _response = new(1024);
    private PdvWriter? _writer;
    private ushort _messageId;

    private ScuAssociation(DicomSenderOptions options, Socket socket, Stream stream)
    {
        _options = options;
        _socket = socket;
        _stream = stream;
        _channel = new PduChannel(stream, options.MaxPduLength);
    }

    public IReadOnlyDictionary<byte, (string AbstractSyntax, string TransferSyntax)> Accepted { get; private set; } = new Dictionary<byte, (string, string)>();

    public uint PeerMaxPduLength { get; private set; }

    public static async Task<ScuAssociation> OpenAsync(DicomSenderOptions options, IReadOnlyList<PresentationContextProposal> contexts, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(options.ConnectTimeout);
                await socket.ConnectAsync(options.Host, options.Port, connect.Token).ConfigureAwait(false);
            }

            stream = new NetworkStream(socket, ownsSocket: false);
            if (options.Tls is { } tls)
            {
                stream = await AuthenticateAsync(stream, options, tls, cancellationToken).ConfigureAwait(false);
            }

            var association = new ScuAssociation(options, socket, stream);
            try
            {
                await association.NegotiateAsync(contexts, cancellationToken).ConfigureAwait(false);
                return association;
            }
            catch
            {
                await association.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        // A peer that breaks the protocol while associating (a 4 GB PDU, a malformed A-ASSOCIATE-AC) is a
        // failed association like a refused connection: one message, no stack trace.
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or DicomProtocolException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            throw new DicomNetworkException($"cannot associate with {options.CalledAeTitle} at {options.Host}:{options.Port}: {ex.Message}", ex);
        }
        catch (DicomNetworkException)
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<Stream> AuthenticateAsync(Stream inner, DicomSenderOptions options, DicomClientTlsOptions tls, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = tls.TargetHost ?? options.Host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ClientCertificates = tls.ClientCertificate is null ? null : [tls.ClientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && TlsTrust.Validate(certificate, tls.TrustedRoots, errors, checkName: true),
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ArtimTimeout);
        await ssl.AuthenticateAsClientAsync(authentication, timeout.Token).ConfigureAwait(false);
        return ssl;
    }

    private async Task NegotiateAsync(IReadOnlyList<PresentationContextProposal> contexts, CancellationToken cancellationToken)
    {
        var request = new AssociateRequest(
            _options.CalledAeTitle,
            _options.CallingAeTitle,
            AssociateCodec.DicomApplicationContext,
            contexts,
            new UserInformation((uint)_options.MaxPduLength, _options.ImplementationClassUid, _options.ImplementationVersionName));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(_options.ArtimTimeout);
        await _channel.WriteAsync(AssociateCodec.Encode(request), timer.Token).ConfigureAwait(false);
        var pdu = await _channel.ReadAsync(timer.Token).ConfigureAwait(false)
            ?? throw new DicomNetworkException("the peer closed the connection instead of answering the association request");
        switch (pdu.Type)
        {
            case PduType.AssociateAccept:
                var accept = AssociateCodec.DecodeAccept(pdu.Body.Span);
                PeerMaxPduLength = accept.UserInformation.MaxPduLength;
                var sendLimit = _options.MaxSendPduLength > 0 && (PeerMaxPduLength == 0 || PeerMaxPduLength > _options.MaxSendPduLength)
                    ? (uint)_options.MaxSendPduLength
                    : PeerMaxPduLength;
                _writer = new PdvWriter(_channel, sendLimit, int.MaxValue - 64);
                Accepted = accept.PresentationContexts
                    .Where(c => c.Result == PresentationContextResult.Acceptance)
                    .Select(c => (c.Id, Proposal: contexts.FirstOrDefault(p => p.Id == c.Id), c.TransferSyntax))
                    .Where(c => c.Proposal is not null)
                    .ToDictionary(c => c.Id, c => (c.Proposal!.AbstractSyntax, c.TransferSyntax));
                break;
            case PduType.AssociateReject:
                var span = pdu.Body.Span;
                throw new DicomNetworkException($"association rejected by {_options.CalledAeTitle}: {new AssociateRejection(span[1], span[2], span[3])}");
            case PduType.Abort:
                throw new DicomNetworkException("association aborted by the peer during negotiation");
            default:
                throw new DicomNetworkException($"unexpected {pdu.Type} in answer to A-ASSOCIATE-RQ");
        }
    }

    public ushort NextMessageId() => ++_messageId;

    /// <summary>The largest data set fragment one PDV carries.</summary>
    public int MaxFragment => _writer!.MaxFragment;

    public Memory<byte> FragmentArea => _writer!.FragmentArea;

    public ValueTask SendCommandAsync(byte contextId, CommandSet command, CancellationToken cancellationToken)
        => _writer!.SendAsync(contextId, command: true, command.Encode(), cancellationToken);

    public ValueTask SendDataFragmentAsync(byte contextId, int count, bool last, CancellationToken cancellationToken)
        => _writer!.SendFragmentAsync(contextId, command: false, count, last, cancellationToken);

    /// <summary>Reads PDUs until a complete command set arrives (responses carry no data set here).</summary>
    public async Task<CommandSet> ReadResponseAsync(CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(_options.ResponseTimeout);
        _response.ResetWrittenCount();
        try
        {
            while (true)
            {
                var pdu = await _channel.ReadAsync(timer.Token).ConfigureAwait(false)
                    ?? throw new DicomNetworkException("the peer closed the connection while a response was awaited");
                switch (pdu.Type)
                {
                    case PduType.DataTransfer:
                        if (AppendResponse(pdu.Body.Span))
                        {
                            return CommandSet.Decode(_response.WrittenSpan);
                        }

                        break;
                    case PduType.Abort:
                        throw new DicomNetworkException("association aborted by the peer");
                    default:
                        throw new DicomNetworkException($"unexpected {pdu.Type} while a response was awaited");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DicomNetworkException($"no response within {_options.ResponseTimeout.TotalSeconds:0} s");
        }
        catch (DicomProtocolException ex)
        {
            throw new DicomNetworkException($"protocol error from the peer: {ex.Message}", ex);
        }
    }

    private bool AppendResponse(ReadOnlySpan<byte> body)
    {
        var complete = false;
        while (!body.IsEmpty)
        {
            if (body.Length < 6)
            {
                throw new DicomProtocolException("truncated PDV item");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(body);
            if (length < 2 || length > body.Length - 4)
            {
                throw new DicomProtocolException("PDV item length does not fit its PDU");
            }

            var control = body[5];
            if ((control & 1) == 0)
            {
                throw new DicomProtocolException("unexpected data set in a response");
            }

            if (_response.WrittenCount + length > CommandSet.MaxEncodedLength)
            {
                throw new DicomProtocolException("response command set larger than 64 KiB");
            }

            _response.Write(body.Slice(6, (int)length - 2));
            complete = (control & 2) != 0;
            body = body[(4 + (int)length)..];
        }

        return complete;
    }

    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(_options.ArtimTimeout);
        await _channel.SendReleaseRequestAsync(timer.Token).ConfigureAwait(false);
        var pdu = await _channel.ReadAsync(timer.Token).ConfigureAwait(false);
        if (pdu is { Type: not PduType.ReleaseResponse })
        {
            throw new DicomNetworkException($"unexpected {pdu.Value.Type} in answer to A-RELEASE-RQ");
        }
    }

    public async Task AbortAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _channel.SendUserAbortAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException or NotSupportedException or InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
