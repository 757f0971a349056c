using System.Buffers;
using System.Buffers.Binary;

namespace RadCnn.Dicom.Network.Upper;

/// <summary>
/// Reads and writes whole PDUs on a stream (TCP or TLS). Reads go into one pooled buffer sized by
/// the maximum PDU length this side accepts, so an association's memory is bounded by that length,
/// never by what the peer claims: a PDU longer than the limit is a protocol error before a byte of
/// its body is read.
/// </summary>
internal sealed class PduChannel : IDisposable
{
    /// <summary>Association PDUs (RQ/AC/RJ, release, abort) are small; 1 MiB is far above any real proposal list.</summary>
    public const int AssociationPduLimit = 1 << 20;

    private readonly Stream _stream;
    private readonly byte[] _header = new byte[6];
    private byte[] _buffer;

    public PduChannel(Stream stream, int maxDataPduLength)
    {
        _stream = stream;
        MaxReceivePduLength = maxDataPduLength;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(maxDataPduLength, 16 * 1024));
    }

    /// <summary>The largest P-DATA-TF body this side accepts (the value it announces in its user information).</summary>
    public int MaxReceivePduLength { get; }

    public Stream Stream => _stream;

    /// <summary>
    /// Reads the next PDU; its body is valid until the next call. Returns null when the peer closed
    /// the connection cleanly between PDUs.
    /// </summary>
    public async ValueTask<(PduType Type, ReadOnlyMemory<byte> Body)?> ReadAsync(CancellationToken cancellationToken)
    {
        var got = 0;
        while (got < 6)
        {
            var n = await _stream.ReadAsync(_header.AsMemory(got), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (got == 0)
                {
                    return null;
                }

                throw new EndOfStreamException("connection closed inside a PDU header");
            }

            got += n;
        }

        var type = (PduType)_header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(2));
        long limit = type switch
        {
            PduType.DataTransfer => MaxReceivePduLength,
            PduType.AssociateRequest or PduType.AssociateAccept => AssociationPduLimit,
            PduType.AssociateReject or PduType.ReleaseRequest or PduType.ReleaseResponse or PduType.Abort => 4,
            _ => throw new DicomProtocolException($"unrecognized PDU type 0x{_header[0]:X2}", AbortReason.UnrecognizedPdu),
        };
        if (length > limit || (limit == 4 && length != 4))
        {
            throw new DicomProtocolException($"{type} PDU of {length} bytes exceeds the limit of {limit}", AbortReason.InvalidPduParameterValue);
        }

        if (length > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent((int)length);
        }

        await _stream.ReadExactlyAsync(_buffer.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false);
        return (type, _buffer.AsMemory(0, (int)length));
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> pdu, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(pdu, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask SendAbortAsync(AbortReason reason, CancellationToken cancellationToken)
        => WriteAsync(new byte[] { (byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, 2, (byte)reason }, cancellationToken);

    public ValueTask SendUserAbortAsync(CancellationToken cancellationToken)
        => WriteAsync(new byte[] { (byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, cancellationToken);

    public ValueTask SendReleaseRequestAsync(CancellationToken cancellationToken)
        => WriteAsync(new byte[] { (byte)PduType.ReleaseRequest, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, cancellationToken);

    public ValueTask SendReleaseResponseAsync(CancellationToken cancellationToken)
        => WriteAsync(new byte[] { (byte)PduType.ReleaseResponse, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, cancellationToken);

    public ValueTask SendRejectAsync(AssociateRejection rejection, CancellationToken cancellationToken)
        => WriteAsync(new byte[] { (byte)PduType.AssociateReject, 0, 0, 0, 0, 4, 0, rejection.Result, rejection.Source, rejection.Reason }, cancellationToken);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
