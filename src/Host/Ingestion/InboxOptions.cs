using System.ComponentModel.DataAnnotations;

namespace RadCnn.Host.Ingestion;

/// <summary>Section "RadCnn:Inbox": how the folder inboxes are watched. Folders default to the data directory's inbox/ and reports/.</summary>
internal sealed class InboxOptions
{
    public const string Section = "RadCnn:Inbox";

    /// <summary>A file is taken once its size and time stamp stayed the same this long (it may still be being copied).</summary>
    [Range(0, 3600)]
    public double StableSeconds { get; set; } = 2;

    [Range(0.01, 3600)]
    public double ScanSeconds { get; set; } = 1;

    /// <summary>Report kind for plain-text reports without a sidecar naming one.</summary>
    public string DefaultReportKind { get; set; } = "report";
}
