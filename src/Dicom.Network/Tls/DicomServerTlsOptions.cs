using System.Security.Cryptography.X509Certificates;

namespace RadCnn.Dicom.Network.Tls;

/// <summary>
/// DICOM TLS for the listener (PS3.15 BCP 195 profile): TLS 1.2 or 1.3, this node's certificate,
/// and optionally a required client certificate that chains to one of <see cref="TrustedClientRoots"/>.
/// </summary>
public sealed class DicomServerTlsOptions
{
    public required X509Certificate2 ServerCertificate { get; init; }

    public bool RequireClientCertificate { get; init; }

    /// <summary>Roots a client certificate must chain to; empty means the system store.</summary>
    public X509Certificate2Collection TrustedClientRoots { get; init; } = [];

    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// From PEM files: this node's certificate and its key (or a PEM holding both), and optionally the
    /// CA whose certificates clients must present (client certificates are then required).
    /// </summary>
    public static DicomServerTlsOptions FromPemFiles(string certificateFile, string? keyFile, string? clientCaFile)
    {
        ArgumentNullException.ThrowIfNull(certificateFile);
        return new DicomServerTlsOptions
        {
            ServerCertificate = PemCertificate.Load(certificateFile, keyFile),
            RequireClientCertificate = clientCaFile is not null,
            TrustedClientRoots = clientCaFile is null ? [] : [X509CertificateLoader.LoadCertificateFromFile(clientCaFile)],
        };
    }
}
