namespace RadCnn.Abstractions.Engine;

/// <summary>What a model's output means; decides how the robustness probe compares clean and perturbed outputs.</summary>
public enum ModelOutputKind
{
    /// <summary>Class scores (logits) of shape [batch, classes]: a decision flips when the arg-max changes.</summary>
    ClassLogits = 0,

    /// <summary>Per-pixel class scores [batch, classes, ...spatial] (or one channel of logits): compared by Dice of the masks.</summary>
    SegmentationLogits = 1,

    /// <summary>
    /// An image of the input's kind (denoising, restoration): compared by relative change, under a
    /// zero-mean attack on the output's deviation (a uniform shift of the input is not counted as an attack).
    /// </summary>
    Image = 2,
}
