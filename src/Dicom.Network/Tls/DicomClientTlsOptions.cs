using System.Security.Cryptography.X509Certificates;

namespace RadCnn.Dicom.Network.Tls;

/// <summary>DICOM TLS for the sender: the peer's certificate must chain to <see cref="TrustedRoots"/> (or the system store) and match <see cref="TargetHost"/>.</summary>
public sealed class DicomClientTlsOptions
{
    public X509Certificate2Collection TrustedRoots { get; init; } = [];

    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Name the server certificate must carry; defaults to the host connected to.</summary>
    public string? TargetHost { get; init; }
}
