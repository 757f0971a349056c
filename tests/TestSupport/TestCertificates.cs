using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RadCnn.TestSupport;

/// <summary>A throw-away CA with a server and a client certificate, also written as PEM files for DCMTK.</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates(string directory)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=RadCnn Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        Server = Issue("CN=localhost", serverAuth: true, out var serverKey);
        Client = Issue("CN=RAWCLIENT", serverAuth: false, out var clientKey);
        CaPem = Path.Combine(directory, "ca.pem");
        ServerPem = Path.Combine(directory, "server.pem");
        ServerKeyPem = Path.Combine(directory, "server.key");
        ClientPem = Path.Combine(directory, "client.pem");
        ClientKeyPem = Path.Combine(directory, "client.key");
        File.WriteAllText(CaPem, Ca.ExportCertificatePem());
        File.WriteAllText(ServerPem, Server.ExportCertificatePem());
        File.WriteAllText(ServerKeyPem, serverKey);
        File.WriteAllText(ClientPem, Client.ExportCertificatePem());
        File.WriteAllText(ClientKeyPem, clientKey);
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string CaPem { get; }

    public string ServerPem { get; }

    public string ServerKeyPem { get; }

    public string ClientPem { get; }

    public string ClientKeyPem { get; }

    private X509Certificate2 Issue(string subject, bool serverAuth, out string keyPem)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        keyPem = key.ExportPkcs8PrivateKeyPem();
        // PKCS#12 round trip: SslStream needs a certificate whose key is not ephemeral on every platform.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
    }
}
