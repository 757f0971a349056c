namespace RadCnn.Host.Store;

/// <summary>What storing an instance did: a new row, a changed instance replacing the old one, an identical re-send, or a patient conflict set aside.</summary>
internal enum InstanceStoreOutcome
{
    Added = 1,
    Replaced = 2,
    Duplicate = 3,

    /// <summary>The UID or its series belongs to another patient: kept aside in the spool's quarantine, not stored or processed.</summary>
    Quarantined = 4,
}
