using RadCnn.Host.Store;

namespace RadCnn.Host.Tests.Store;

/// <summary>Instance rows for store tests: synthetic UIDs, no patient data.</summary>
internal static class StoreTestData
{
    public static InstanceRecord Instance(string sop, string series = "1.2.3.1", string hash = "h1", string modality = "CT") =>
        new(sop, "1.2.840.10008.5.1.4.1.1.2", series, "1.2.3", modality, "CHEST", "axial", "MODALITY1", "network",
            $"/spool/{sop}.dcm", hash, 100, DateTimeOffset.UnixEpoch);
}
