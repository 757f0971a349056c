using System.ComponentModel.DataAnnotations;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Host.Pipeline;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>The service's listener settings beyond port and AE title: DICOM TLS and the caller allow-list, against DCMTK's echoscu.</summary>
public sealed class ListenerSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-listener-settings");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_service_speaks_dicom_tls_only_and_only_to_the_allowed_caller()
    {
        using var certificates = new TestCertificates(_dir.Path);
        var port = Peers.FreeTcpPort();
        var builder = TestService.Create(_dir.Combine("var"), port, _dir.Combine("plugins"),
            $"--RadCnn:Listener:TlsCertificateFile={certificates.ServerPem}",
            $"--RadCnn:Listener:TlsKeyFile={certificates.ServerKeyPem}",
            $"--RadCnn:Listener:TlsClientCaFile={certificates.CaPem}",
            "--RadCnn:Listener:AllowedCallers:0=ECHOSCU@127.0.0.1",
            "--RadCnn:Listener:IdleTimeoutSeconds=5",
            "--RadCnn:Listener:MaxPduLength=65536");
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await TestStudy.WaitForPortAsync(port);
            string[] tls = ["+tls", certificates.ClientKeyPem, certificates.ClientPem, "+cf", certificates.CaPem];

            var secure = Dcmtk.Echo(port, extra: tls);
            Assert.True(secure.ExitCode == 0, secure.Combined);
            var plain = Dcmtk.Echo(port);
            Assert.NotEqual(0, plain.ExitCode);
            var stranger = Dcmtk.Echo(port, callingAe: "STRANGER", extra: tls);
            Assert.NotEqual(0, stranger.ExitCode);
            Assert.Contains("Association Rejected", stranger.Combined, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void The_content_flush_mode_is_checked_at_start_up()
    {
        Assert.Empty(Problems(new ListenerSettings { ContentFlush = ContentFlushMode.FileSystem }));
        Assert.Empty(Problems(new ListenerSettings { ContentFlush = ContentFlushMode.PerFile }));
        var problem = Assert.Single(Problems(new ListenerSettings { ContentFlush = (ContentFlushMode)7 }));
        Assert.Contains("ContentFlush: one of PerFile, FileSystem", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_write_behind_step_is_checked_at_start_up()
    {
        Assert.Empty(Problems(new ListenerSettings { WriteBehindKilobytes = 0 }));
        Assert.Empty(Problems(new ListenerSettings { WriteBehindKilobytes = 128 }));
        var problem = Assert.Single(Problems(new ListenerSettings { WriteBehindKilobytes = -1 }));
        Assert.Contains(nameof(ListenerSettings.WriteBehindKilobytes), problem, StringComparison.Ordinal);
    }

    private static List<string> Problems(ListenerSettings settings)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
