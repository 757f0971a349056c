using RadCnn.Dicom.Network.Sender;
using RadCnn.Dicom.Network.Tests.Support;
using RadCnn.Dicom.Network.Tls;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Tls;

/// <summary>DICOM TLS with DCMTK's storescu/echoscu and with RadCnn's own sender.</summary>
public sealed class DicomTlsTests : IDisposable
{
    private readonly TempDirectory _temp = new("radcnn-tls");
    private readonly TestCertificates _certificates;

    public DicomTlsTests()
    {
        _certificates = new TestCertificates(_temp.Path);
    }

    [Fact]
    public async Task Storescu_with_tls_and_a_client_certificate_stores_and_plain_tcp_fails()
    {
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 3, rows: 64);
        await using var listener = await RunningListener.StartAsync(o => o.Tls = new DicomServerTlsOptions
        {
            ServerCertificate = _certificates.Server,
            RequireClientCertificate = true,
            TrustedClientRoots = [_certificates.Ca],
        });
        var files = Directory.GetFiles(series.Path);

        var secure = Dcmtk.Store(listener.Port, files, extra: ["+tls", _certificates.ClientKeyPem, _certificates.ClientPem, "+cf", _certificates.CaPem]);
        Assert.True(secure.ExitCode == 0, secure.Combined);
        Assert.Equal(3, listener.StoredFiles().Length);

        var plain = Dcmtk.Echo(listener.Port);
        Assert.NotEqual(0, plain.ExitCode);

        var anonymous = Dcmtk.Echo(listener.Port, extra: ["+tla", "+cf", _certificates.CaPem]);
        Assert.NotEqual(0, anonymous.ExitCode);

        // A failed handshake costs nothing lasting: TLS clients still get through.
        var again = Dcmtk.Echo(listener.Port, extra: ["+tls", _certificates.ClientKeyPem, _certificates.ClientPem, "+cf", _certificates.CaPem]);
        Assert.True(again.ExitCode == 0, again.Combined);
    }

    [Fact]
    public async Task Sender_with_tls_reaches_the_listener_and_refuses_an_untrusted_server()
    {
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 2, rows: 64);
        await using var listener = await RunningListener.StartAsync(o => o.Tls = new DicomServerTlsOptions
        {
            ServerCertificate = _certificates.Server,
            RequireClientCertificate = true,
            TrustedClientRoots = [_certificates.Ca],
        });

        var trusted = new DicomSender(new DicomSenderOptions
        {
            Host = "localhost",
            Port = listener.Port,
            CalledAeTitle = "RADCNN",
            Tls = new DicomClientTlsOptions { TrustedRoots = [_certificates.Ca], ClientCertificate = _certificates.Client },
        });
        var results = await trusted.StoreAsync(Directory.GetFiles(series.Path));
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));

        using var otherTemp = new TempDirectory("radcnn-tls-other");
        using var other = new TestCertificates(otherTemp.Path);
        var untrusting = new DicomSender(new DicomSenderOptions
        {
            Host = "localhost",
            Port = listener.Port,
            CalledAeTitle = "RADCNN",
            Tls = new DicomClientTlsOptions { TrustedRoots = [other.Ca], ClientCertificate = _certificates.Client },
        });
        await Assert.ThrowsAsync<DicomNetworkException>(() => untrusting.EchoAsync());
    }

    public void Dispose()
    {
        _certificates.Dispose();
        _temp.Dispose();
    }
}
