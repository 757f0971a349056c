using System.Security.Cryptography.X509Certificates;

namespace RadCnn.Dicom.Network.Tls;

/// <summary>A certificate with its private key from PEM files, usable by SslStream on either side of an association.</summary>
internal static class PemCertificate
{
    /// <summary>Loads <paramref name="certificateFile"/> with the key in <paramref name="keyFile"/> (null: a PEM holding both).</summary>
    public static X509Certificate2 Load(string certificateFile, string? keyFile)
    {
        using var pem = keyFile is null ? X509Certificate2.CreateFromPemFile(certificateFile) : X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        // An ephemeral PEM key cannot be used by SslStream on every platform; a PKCS#12 round trip makes it persistent.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
