namespace RadCnn.Plugins.Detection.Models;

/// <summary>Which output a <see cref="TuberculosisEnsemble"/> gives: the average or one member alone.</summary>
internal enum EnsembleOutput
{
    /// <summary>Log of the mean of both members' class probabilities (a valid logit vector for softmax).</summary>
    Ensemble = 0,

    /// <summary>The AlexNet-style member's logits.</summary>
    AlexNet = 1,

    /// <summary>The Inception-style member's logits.</summary>
    Inception = 2,
}
