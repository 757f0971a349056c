using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using RadCnn.Host.Hosting;
using RadCnn.Host.Web.Security;

namespace RadCnn.Host.Web;

/// <summary>
/// Section "RadCnn:Web": the web face (dashboard, DICOMweb, /metrics) on one port. On unless the
/// operator turns it off; bound to 127.0.0.1 unless an address is given, and then only with HTTPS
/// (the operator's PEM certificate and key), since passwords, API keys and images cross the wire.
/// Credentials are stored hashed: API keys as SHA-256 (they are long random strings), passwords as
/// PBKDF2 (`radcnn web hash`), here or in <see cref="CredentialsFile"/>.
/// </summary>
internal sealed class WebOptions : IValidatableObject
{
    public const string Section = "RadCnn:Web";

    public bool Enabled { get; set; } = true;

    /// <summary>The address to listen on; 127.0.0.1 (this machine only) by default.</summary>
    public string Address { get; set; } = "127.0.0.1";

    [Range(0, 65535)]
    public int Port { get; set; } = 8080;

    /// <summary>PEM certificate (chain) for HTTPS; with <see cref="KeyFile"/>.</summary>
    public string? CertificateFile { get; set; }

    public string? KeyFile { get; set; }

    /// <summary>A JSON file with "ApiKeys" and "Users" like this section's, kept out of the main settings (0600).</summary>
    public string? CredentialsFile { get; set; }

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    public List<UserEntry> Users { get; set; } = [];

    /// <summary>How long a login lasts without activity.</summary>
    [Range(1, 24 * 60)]
    public int SessionMinutes { get; set; } = 60;

    /// <summary>Failed logins per user name in <see cref="LockoutMinutes"/> before that name is refused for a while.</summary>
    [Range(1, 1000)]
    public int MaxFailedLogins { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 5;

    /// <summary>Largest STOW-RS request body.</summary>
    [Range(1, 64L * 1024)]
    public long MaxUploadMegabytes { get; set; } = 2048;

    public bool UsesHttps => CertificateFile is not null || KeyFile is not null;

    public bool IsLoopback => IPAddress.TryParse(Address, out var ip) && IPAddress.IsLoopback(ip);

    public X509Certificate2 LoadCertificate() => X509Certificate2.CreateFromPemFile(CertificateFile!, KeyFile);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!IPAddress.TryParse(Address, out _))
        {
            yield return new ValidationResult($"{Section}:Address: '{Address}' is not an IP address (use 0.0.0.0 for every interface)", [nameof(Address)]);
        }

        if ((CertificateFile is null) != (KeyFile is null))
        {
            yield return new ValidationResult($"{Section}: HTTPS needs both CertificateFile and KeyFile", [nameof(CertificateFile)]);
        }
        else
        {
            foreach (var result in TlsFileSettings.Check(Section, [(nameof(CertificateFile), CertificateFile), (nameof(KeyFile), KeyFile)],
                UsesHttps ? () => LoadCertificate().Dispose() : null))
            {
                yield return result;
            }
        }

        if (IPAddress.TryParse(Address, out _) && !IsLoopback && !UsesHttps)
        {
            yield return new ValidationResult(
                $"{Section}:Address: {Address} reaches other machines; give CertificateFile and KeyFile (HTTPS) or keep 127.0.0.1", [nameof(Address)]);
        }

        CredentialSet? credentials = null;
        string? error = null;
        try
        {
            credentials = CredentialSet.Load(this);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or FormatException)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult($"{Section}:CredentialsFile: {error}", [nameof(CredentialsFile)]);
        }
        else
        {
            foreach (var problem in credentials!.Problems)
            {
                yield return new ValidationResult($"{Section}: {problem}", [nameof(ApiKeys)]);
            }
        }
    }
}
