using System.ComponentModel.DataAnnotations;
using RadCnn.Dicom.Network.Listener;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Dicom.Network.Tls;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Pipeline;

/// <summary>
/// Section "RadCnn:Listener": the DICOM listener. Any caller is accepted until
/// <see cref="AllowedCallers"/> lists some ("AE" or "AE@address"). DICOM TLS is on when
/// <see cref="TlsCertificateFile"/> is set. Checked at start-up, before anything listens.
/// </summary>
internal sealed class ListenerSettings : IValidatableObject
{
    public const string Section = "RadCnn:Listener";

    public bool Enabled { get; set; } = true;

    [Range(0, 65535)]
    public int Port { get; set; } = 11112;

    [Required]
    [StringLength(16, MinimumLength = 1)]
    public string AeTitle { get; set; } = "RADCNN";

    public List<string> AllowedCallers { get; set; } = [];

    /// <summary>
    /// User identities (DICOM user identity negotiation) required of some calling AEs, beside the
    /// allow-list: "AE username HASH" (username and password) or "AE * HASH" (a shared secret sent as
    /// the username); HASH from `radcnn dicom hash-secret`, never the secret itself.
    /// </summary>
    public List<string> Credentials { get; set; } = [];

    [Range(1, 1024)]
    public int MaxAssociations { get; set; } = 32;

    /// <summary>
    /// The instance row's commit overlaps its file's content fsync (both durable before the response,
    /// rows checked at start-up should a crash come between them); false keeps them in sequence.
    /// </summary>
    public bool OverlapContentFlush { get; set; } = true;

    /// <summary>
    /// How each instance's content is made durable before its response: PerFile (its own fsync) or
    /// FileSystem (one syncfs shared by the associations waiting; PerFile where the system has none).
    /// See ContentFlushMode.
    /// </summary>
    public ContentFlushMode ContentFlush { get; set; } = ContentFlushMode.PerFile;

    /// <summary>
    /// Kilobytes of an instance received before the kernel starts writing them out while the rest
    /// arrives; 0: only once the whole instance is in (fewer, larger writes: less CPU per instance,
    /// a longer final fsync). See DicomListenerOptions.WriteBehindBytes.
    /// </summary>
    [Range(0, 1024 * 1024)]
    public int WriteBehindKilobytes { get; set; } = (int)(DicomListenerOptions.DefaultWriteBehindBytes / 1024);

    /// <summary>How long an established association may stay silent before it is aborted.</summary>
    [Range(1, 86400)]
    public double IdleTimeoutSeconds { get; set; } = 60;

    /// <summary>How long a new connection may take to send its A-ASSOCIATE-RQ (PS3.8 ARTIM timer).</summary>
    [Range(1, 3600)]
    public double ArtimTimeoutSeconds { get; set; } = 30;

    /// <summary>Connections not yet associated (no A-ASSOCIATE-RQ yet): a budget apart from <see cref="MaxAssociations"/>, so half-open connections cannot starve modalities.</summary>
    [Range(1, 65536)]
    public int MaxPendingConnections { get; set; } = 256;

    /// <summary>How long a new connection may take to deliver its A-ASSOCIATE-RQ (TLS handshake included); the shorter of this and the ARTIM timeout applies.</summary>
    [Range(0.1, 3600)]
    public double PreAssociationTimeoutSeconds { get; set; } = 5;

    /// <summary>Largest P-DATA PDU received, in bytes: bounds each association's buffer.</summary>
    [Range(4096, 16 * 1024 * 1024)]
    public int MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>PEM certificate of this node: enables DICOM TLS (TLS 1.2/1.3).</summary>
    public string? TlsCertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificateFile"/> (unless that file holds both).</summary>
    public string? TlsKeyFile { get; set; }

    /// <summary>PEM CA: callers must present a client certificate issued by it.</summary>
    public string? TlsClientCaFile { get; set; }

    public IReadOnlyList<DicomAllowedCaller> ParseAllowedCallers() => [.. AllowedCallers.Select(DicomAllowedCaller.Parse)];

    public IReadOnlyList<DicomCallerCredential> ParseCredentials() => [.. Credentials.Select(DicomCallerCredential.Parse)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var caller in AllowedCallers)
        {
            string? error = null;
            try
            {
                DicomAllowedCaller.Parse(caller);
            }
            catch (FormatException ex)
            {
                error = ex.Message;
            }

            if (error is not null)
            {
                yield return new ValidationResult($"RadCnn:Listener:AllowedCallers: {error}", [nameof(AllowedCallers)]);
            }
        }

        for (var i = 0; i < Credentials.Count; i++)
        {
            string? error = null;
            try
            {
                DicomCallerCredential.Parse(Credentials[i]);
            }
            catch (FormatException ex)
            {
                error = ex.Message; // never the value itself: it may be a pasted plain password
            }

            if (error is not null)
            {
                yield return new ValidationResult($"RadCnn:Listener:Credentials:{i}: {error}", [nameof(Credentials)]);
            }
        }

        if (!Enum.IsDefined(ContentFlush))
        {
            yield return new ValidationResult($"RadCnn:Listener:ContentFlush: one of {string.Join(", ", Enum.GetNames<ContentFlushMode>())}", [nameof(ContentFlush)]);
        }

        if (TlsCertificateFile is null && (TlsKeyFile ?? TlsClientCaFile) is not null)
        {
            yield return new ValidationResult("RadCnn:Listener:TlsKeyFile and TlsClientCaFile need TlsCertificateFile", [nameof(TlsCertificateFile)]);
        }

        var tlsFiles = TlsFileSettings.Check(
            Section,
            [(nameof(TlsCertificateFile), TlsCertificateFile), (nameof(TlsKeyFile), TlsKeyFile), (nameof(TlsClientCaFile), TlsClientCaFile)],
            TlsCertificateFile is null ? null : () => CreateTls()!.ServerCertificate.Dispose());
        foreach (var result in tlsFiles)
        {
            yield return result;
        }
    }

    /// <summary>The listener's TLS settings, or null for plain TCP.</summary>
    public DicomServerTlsOptions? CreateTls() =>
        TlsCertificateFile is null ? null : DicomServerTlsOptions.FromPemFiles(TlsCertificateFile, TlsKeyFile, TlsClientCaFile);
}
