using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RadCnn.Dicom.Network.Tls;

/// <summary>Validates a peer certificate against explicit roots (a hospital's own CA) or, without roots, the system's verdict.</summary>
internal static class TlsTrust
{
    public static bool Validate(X509Certificate certificate, X509Certificate2Collection roots, SslPolicyErrors errors, bool checkName = false)
    {
        if (roots.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        if (checkName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
