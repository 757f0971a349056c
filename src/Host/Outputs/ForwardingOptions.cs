using System.ComponentModel.DataAnnotations;

namespace RadCnn.Host.Outputs;

/// <summary>Section "RadCnn:Forwarding": the PACS that receives DICOM results (C-STORE). Off until a host is set.</summary>
internal sealed class ForwardingOptions
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

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public string Destination => $"{CalledAeTitle}@{Host}:{Port}";
}
