using System.Security.Cryptography.X509Certificates;

namespace RadCnn.Dicom.Network.Tls;

/// <summary>DICOM TLS for the sender: the peer's certificate must chain to <see cref="TrustedRoots"/> (or the system store) and match <see cref="TargetHost"/>.</summary>
public sealed class DicomClientTlsOptions
{
    public X509Certificate2Collection TrustedRoots { get; init; } = [];

    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Name the server certificate must carry; defaults to the host connected to.</summary>
    public string? TargetHost { get; init; }

    /// <summary>
    /// From PEM files: the CA the peer's certificate must chain to (null: the system store), and
    /// optionally this node's certificate and key to present when the peer asks for one.
    /// </summary>
    public static DicomClientTlsOptions FromPemFiles(string? trustedCaFile, string? certificateFile, string? keyFile, string? targetHost = null)
    {
        return new DicomClientTlsOptions
        {
            TrustedRoots = trustedCaFile is null ? [] : [X509CertificateLoader.LoadCertificateFromFile(trustedCaFile)],
            ClientCertificate = certificateFile is null ? null : PemCertificate.Load(certificateFile, keyFile),
            TargetHost = targetHost,
        };
    }
}
