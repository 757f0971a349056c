using System.ComponentModel.DataAnnotations;

namespace RadCnn.Host.Pipeline;

/// <summary>
/// Section "RadCnn:Listener": the DICOM listener. Any caller is accepted until
/// <see cref="AllowedCallers"/> lists some ("AE" or "AE@address").
/// </summary>
internal sealed class ListenerSettings
{
    public const string Section = "RadCnn:Listener";

    public bool Enabled { get; set; } = true;

    [Range(0, 65535)]
    public int Port { get; set; } = 11112;

    [Required]
    [StringLength(16, MinimumLength = 1)]
    public string AeTitle { get; set; } = "RADCNN";

    public List<string> AllowedCallers { get; set; } = [];

    [Range(1, 1024)]
    public int MaxAssociations { get; set; } = 32;
}
