namespace RadCnn.Host.Store;

/// <summary>What storing an instance did: a new row, a changed instance replacing the old one, or an identical re-send.</summary>
internal enum InstanceStoreOutcome
{
    Added = 1,
    Replaced = 2,
    Duplicate = 3,
}
