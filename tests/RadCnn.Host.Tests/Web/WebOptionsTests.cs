using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RadCnn.Host.Web;
using RadCnn.Host.Web.Security;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Web;

/// <summary>
/// RadCnn:Web checked at start-up: loopback unless HTTPS, both certificate files or neither, hashes
/// and roles well-formed; HTTPS with the operator's PEM files serves and refuses plain HTTP; the CLI
/// makes hashes the settings accept.
/// </summary>
public sealed class WebOptionsTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-web-options");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Defaults_are_on_and_on_loopback_and_a_wide_address_without_https_or_a_bad_credential_is_refused_with_the_setting_named()
    {
        var defaults = new WebOptions();
        Assert.True(defaults.Enabled);
        Assert.Equal("127.0.0.1", defaults.Address);
        Assert.Empty(Problems(defaults));

        Assert.Contains(Problems(new WebOptions { Address = "0.0.0.0" }), p => p.Contains("RadCnn:Web:Address", StringComparison.Ordinal) && p.Contains("HTTPS", StringComparison.Ordinal));
        Assert.Contains(Problems(new WebOptions { Address = "localhost" }), p => p.Contains("not an IP address", StringComparison.Ordinal));
        Assert.Contains(Problems(new WebOptions { CertificateFile = _dir.Combine("cert.pem") }), p => p.Contains("both CertificateFile and KeyFile", StringComparison.Ordinal));
        Assert.Contains(Problems(new WebOptions { CertificateFile = _dir.Combine("no.pem"), KeyFile = _dir.Combine("no.key") }), p => p.Contains("no file at", StringComparison.Ordinal));
        Assert.Contains(Problems(new WebOptions { Users = [new UserEntry { Name = "ann", PasswordHash = "plaintext", Role = "viewer" }] }),
            p => p.Contains("user 'ann'", StringComparison.Ordinal) && p.Contains("radcnn web hash", StringComparison.Ordinal));
        Assert.Contains(Problems(new WebOptions { ApiKeys = [new ApiKeyEntry { Name = "pacs", Sha256 = new string('a', 64), Role = "admin" }] }),
            p => p.Contains("Role must be viewer or operator", StringComparison.Ordinal));
        Assert.Contains(Problems(new WebOptions { CredentialsFile = _dir.Combine("missing.json") }), p => p.Contains("CredentialsFile", StringComparison.Ordinal));
        Assert.Empty(Problems(new WebOptions { Enabled = false, Address = "0.0.0.0" }));
    }

    [Fact]
    public async Task With_the_operators_certificate_the_web_face_speaks_https_only_and_credentials_may_come_from_a_file()
    {
        var (cert, key, certificate) = SelfSigned();
        var credentials = _dir.Combine("credentials.json");
        await File.WriteAllTextAsync(credentials, $$"""{"ApiKeys": [{"Name": "scraper", "Sha256": "{{PasswordHasher.KeyDigest("rck_file_key_for_the_test_0123456789")}}", "Role": "viewer"}]}""");
        await using var web = await WebTestHost.StartAsync(_dir, settings: [$"--RadCnn:Web:CertificateFile={cert}", $"--RadCnn:Web:KeyFile={key}", $"--RadCnn:Web:CredentialsFile={credentials}"]);
        Assert.Equal("https", web.BaseAddress.Scheme);

        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint };
        using var https = new HttpClient(handler) { BaseAddress = web.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await https.GetAsync("/api/status")).StatusCode);
        https.DefaultRequestHeaders.Add("Authorization", "Bearer rck_file_key_for_the_test_0123456789");
        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync("/api/status")).StatusCode);

        using var plain = new HttpClient { BaseAddress = new UriBuilder(web.BaseAddress) { Scheme = "http" }.Uri };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync("/health"));
    }

    [Fact]
    public void The_cli_makes_a_password_hash_and_an_api_key_the_settings_accept()
    {
        var hashed = Peers.Run("dotnet", [RepositoryPaths.RadCnnDll, "web", "hash-password"], standardInput: "a long enough passphrase\n");
        Assert.True(hashed.ExitCode == 0, hashed.Combined);
        var hash = hashed.StandardOutput.Trim();
        Assert.True(PasswordHasher.Verify("a long enough passphrase", hash));
        Assert.False(PasswordHasher.Verify("another passphrase", hash));
        Assert.DoesNotContain("a long enough passphrase", hashed.Combined, StringComparison.Ordinal);

        var key = Peers.Run("dotnet", [RepositoryPaths.RadCnnDll, "web", "new-key"]);
        Assert.True(key.ExitCode == 0, key.Combined);
        var lines = key.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
        Assert.Equal(PasswordHasher.KeyDigest(lines[0]), lines[1]);
        Assert.Empty(Problems(new WebOptions
        {
            Users = [new UserEntry { Name = "ann", PasswordHash = hash, Role = WebRoles.Operator }],
            ApiKeys = [new ApiKeyEntry { Name = "pacs", Sha256 = lines[1], Role = WebRoles.Viewer }],
        }));
    }

    private static List<string> Problems(WebOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "")];
    }

    private (string Cert, string Key, X509Certificate2 Certificate) SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var cert = _dir.Combine("web.pem");
        var key = _dir.Combine("web.key");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (cert, key, certificate);
    }
}
