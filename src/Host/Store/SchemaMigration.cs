namespace RadCnn.Host.Store;

/// <summary>
/// One step of a store's schema. Steps are applied in order, each in its own transaction with its row in
/// schema_version, so a node upgraded first brings the shared database forward once and a node that finds a
/// newer schema than it knows refuses to start instead of writing rows it does not understand.
/// </summary>
internal sealed record SchemaMigration(int Version, string Description, string Sql)
{
    /// <summary>The highest version of <paramref name="migrations"/>, checked to be 1, 2, 3 ... in order.</summary>
    public static int Latest(IReadOnlyList<SchemaMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"schema migration {i + 1} is missing or out of order");
            }
        }

        return migrations.Count;
    }

    public static InvalidOperationException NewerThanKnown(string store, int found, int known) =>
        new($"the {store} job store has schema version {found}, newer than this RadCnn knows ({known}): a newer RadCnn already upgraded it; upgrade this node too");
}
