using System.Net.Sockets;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>
/// Linux TCP_QUICKACK: acknowledge at once instead of delaying the ACK. A peer with Nagle on
/// (Debian's DCMTK by default) holds back the last small segment of each message until the
/// previous one is acknowledged, so a delayed ACK here stalls every instance. The kernel drops
/// back to delayed ACKs on its own, so this is re-armed before each read.
/// </summary>
internal static class QuickAck
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] On = BitConverter.GetBytes(1);

    public static void Arm(Socket? socket)
    {
        if (socket is null || !OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, On);
        }
        catch (SocketException)
        {
            // Not fatal: only latency with Nagle-enabled peers depends on it.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
