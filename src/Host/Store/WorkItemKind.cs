namespace RadCnn.Host.Store;

/// <summary>What a work item carries: a complete image series or one report.</summary>
internal enum WorkItemKind
{
    Series = 1,
    Report = 2,
}
