using System.ComponentModel.DataAnnotations;
using RadCnn.Dicom.Network.Tls;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Outputs;

/// <summary>Section "RadCnn:Forwarding": the PACS that receives DICOM results (C-STORE). Off until a host is set.</summary>
internal sealed class ForwardingOptions : IValidatableObject
{
    public const string Section = "RadCnn:Forwarding";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 104;

    public string CalledAeTitle { get; set; } = "PACS";

    public string CallingAeTitle { get; set; } = "RADCNN";

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    [Range(0, 3600)]
    public double RetryDelaySeconds { get; set; } = 2;

    /// <summary>How often the forwarder looks for deliveries put back by `radcnn replay --deliveries` or due for another try.</summary>
    [Range(0.05, 3600)]
    public double ScanSeconds { get; set; } = 5;

    /// <summary>A failed delivery is tried again this long after its last failure (a PACS down for maintenance comes back); 0 = only by `radcnn replay --deliveries`.</summary>
    [Range(0, 10080)]
    public double RetryFailedAfterMinutes { get; set; } = 15;

    /// <summary>DICOM TLS to the PACS (TLS 1.2/1.3); its certificate must chain to <see cref="TlsCaFile"/> or the system store.</summary>
    public bool TlsEnabled { get; set; }

    /// <summary>PEM CA the PACS's certificate must chain to; none: the system's trusted roots.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>PEM certificate RadCnn presents when the PACS asks for one.</summary>
    public string? TlsCertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificateFile"/> (unless that file holds both).</summary>
    public string? TlsKeyFile { get; set; }

    /// <summary>Name the PACS's certificate must carry, where it is not <see cref="Host"/>.</summary>
    public string? TlsTargetHost { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The sender's TLS settings, or null for plain TCP.</summary>
    public DicomClientTlsOptions? CreateTls() =>
        TlsEnabled ? DicomClientTlsOptions.FromPemFiles(TlsCaFile, TlsCertificateFile, TlsKeyFile, TlsTargetHost) : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TlsEnabled && (TlsCaFile ?? TlsCertificateFile ?? TlsKeyFile ?? TlsTargetHost) is not null)
        {
            yield return new ValidationResult("RadCnn:Forwarding: the Tls* settings need TlsEnabled=true", [nameof(TlsEnabled)]);
        }

        if (TlsKeyFile is not null && TlsCertificateFile is null)
        {
            yield return new ValidationResult("RadCnn:Forwarding:TlsKeyFile needs TlsCertificateFile", [nameof(TlsCertificateFile)]);
        }

        var tlsFiles = TlsFileSettings.Check(
            Section,
            [(nameof(TlsCaFile), TlsCaFile), (nameof(TlsCertificateFile), TlsCertificateFile), (nameof(TlsKeyFile), TlsKeyFile)],
            TlsEnabled ? () => CreateTls()?.ClientCertificate?.Dispose() : null);
        foreach (var result in tlsFiles)
        {
            yield return result;
        }
    }

    public string Destination => $"{CalledAeTitle}@{Host}:{Port}";
}
