namespace RadCnn.Plugins.Classification.Models;

/// <summary>
/// Which logits <see cref="ReportedDecisionNet"/> gives the engine's probe, i.e. which gradient its FGSM step follows.
/// The reported call has two boundaries (the nodule and the malignancy threshold); one cross-entropy gradient of the
/// three-way call mixes the pushes towards both, so each boundary is also attacked on its own.
/// </summary>
internal enum DecisionObjective
{
    /// <summary>The call itself: logits whose argmax is not reported / benign / malignant.</summary>
    Call,

    /// <summary>The nodule boundary alone: logits [0, s_n]; its argmax changes exactly where the candidate is lost (or gained).</summary>
    Nodule,

    /// <summary>The malignancy boundary alone: logits [0, s_m]; for a reported candidate its argmax changes only where the call changes.</summary>
    Malignancy,
}
