using System.Buffers.Binary;

namespace RadCnn.Dicom.Network.Upper;

/// <summary>
/// Sends a DIMSE message (command or data set) as P-DATA-TF PDUs of one PDV each, fragmented to
/// the peer's maximum PDU length (PS3.8 9.3.5): the max length bounds the PDU's variable field,
/// which holds the 4-byte PDV length, the context ID, the control header and the fragment.
/// </summary>
internal sealed class PdvWriter
{
    private const int Overhead = 6 + 6;
    private readonly PduChannel _channel;
    private readonly byte[] _buffer;

    public PdvWriter(PduChannel channel, uint peerMaxPduLength, int largestFragmentWanted)
    {
        _channel = channel;
        // 0 means "no limit"; still send bounded fragments so memory stays bounded here too.
        var max = peerMaxPduLength == 0 ? 256 * 1024 : (int)Math.Min(peerMaxPduLength, 4u * 1024 * 1024);
        if (max < 8)
        {
            throw new DicomProtocolException($"peer maximum PDU length {peerMaxPduLength} is too small to carry data");
        }

        // Never allocate more than this side's messages need (an SCP only sends small commands).
        _buffer = new byte[Math.Min(max, largestFragmentWanted + 6) + 6];
    }

    /// <summary>Largest fragment per PDV.</summary>
    public int MaxFragment => _buffer.Length - Overhead;

    /// <summary>The area a caller fills with the next fragment before <see cref="SendFragmentAsync"/>.</summary>
    public Memory<byte> FragmentArea => _buffer.AsMemory(Overhead);

    public async ValueTask SendAsync(byte contextId, bool command, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var offset = 0;
        do
        {
            var count = Math.Min(MaxFragment, message.Length - offset);
            message.Slice(offset, count).CopyTo(FragmentArea);
            offset += count;
            await SendFragmentAsync(contextId, command, count, offset == message.Length, cancellationToken).ConfigureAwait(false);
        }
        while (offset < message.Length);
    }

    /// <summary>Sends the first <paramref name="count"/> bytes of <see cref="FragmentArea"/> as one PDV.</summary>
    public ValueTask SendFragmentAsync(byte contextId, bool command, int count, bool last, CancellationToken cancellationToken)
    {
        var span = _buffer.AsSpan();
        span[0] = (byte)PduType.DataTransfer;
        span[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], (uint)(count + 6));
        BinaryPrimitives.WriteUInt32BigEndian(span[6..], (uint)(count + 2));
        span[10] = contextId;
        span[11] = (byte)((command ? 1 : 0) | (last ? 2 : 0));
        return _channel.WriteAsync(_buffer.AsMemory(0, Overhead + count), cancellationToken);
    }
}
