using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace RadCnn.Dicom.Network.Tls;

/// <summary>The listener's side of a DICOM TLS handshake (BCP 195: TLS 1.2 or 1.3 only).</summary>
internal static class ServerTls
{
    /// <summary>Returns the authenticated stream, or null when the handshake failed or timed out.</summary>
    public static async Task<SslStream?> AuthenticateAsync(Stream inner, DicomServerTlsOptions options, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: true);
        var authentication = new SslServerAuthenticationOptions
        {
            ServerCertificate = options.ServerCertificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = options.RequireClientCertificate,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                !options.RequireClientCertificate || (certificate is not null && TlsTrust.Validate(certificate, options.TrustedClientRoots, errors)),
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(authentication, timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }
}
