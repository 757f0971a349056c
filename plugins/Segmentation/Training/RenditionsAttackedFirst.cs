namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>Which intensity renditions' slices an adversarially trained uterus recipe marks to fill the attacked share of a batch first.</summary>
internal enum RenditionsAttackedFirst
{
    /// <summary>None: the attacked share is whatever the shuffle put first.</summary>
    None,

    /// <summary>Renditions that got a tissue-contrast curve or a coil field.</summary>
    ContrastOrCoil,

    /// <summary>Plain T2 renditions (neither a contrast curve nor a coil field), so the varied ones mostly stay clean.</summary>
    Plain,
}
