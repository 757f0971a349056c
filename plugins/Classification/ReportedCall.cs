namespace RadCnn.Plugins.Classification;

/// <summary>What the plugin reports for a candidate: nothing (below the nodule threshold), a benign or a malignant nodule.</summary>
internal enum ReportedCall
{
    NotReported,
    Benign,
    Malignant,
}
