using RadCnn.Dicom.Network.Tls;

namespace RadCnn.Dicom.Network.Sender;

/// <summary>Where and how a <see cref="DicomSender"/> associates with a remote SCP.</summary>
public sealed class DicomSenderOptions
{
    public required string Host { get; set; }

    public int Port { get; set; } = 104;

    public string CallingAeTitle { get; set; } = "RADCNN";

    public string CalledAeTitle { get; set; } = "ANY-SCP";

    /// <summary>Largest PDU this side receives (announced to the peer).</summary>
    public int MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>Cap on the PDUs sent, below the peer's announced maximum when that is larger (0 = the peer's value).</summary>
    public int MaxSendPduLength { get; set; } = 1024 * 1024;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Association negotiation and release timer (ARTIM).</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for each DIMSE response (a PACS may take a while to commit).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(120);

    public DicomClientTlsOptions? Tls { get; set; }

    public string ImplementationClassUid { get; set; } = DicomImplementation.ClassUid;

    public string ImplementationVersionName { get; set; } = DicomImplementation.VersionName;
}
