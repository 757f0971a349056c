using System.ComponentModel.DataAnnotations;

namespace RadCnn.Host.Ingestion;

/// <summary>Section "RadCnn:Storage": free space kept in reserve on the spool's disk; below it new items are refused, not half-stored.</summary>
internal sealed class StorageOptions
{
    public const string Section = "RadCnn:Storage";

    [Range(0, long.MaxValue)]
    public long ReserveMegabytes { get; set; } = 256;
}
