namespace RadCnn.Training.Optimization;

/// <summary>What a model predicts; decides the output layout and the metrics the trainer reports.</summary>
public enum TrainingTaskKind
{
    /// <summary>Two classes. Output [batch, 2] with cross entropy or [batch, 1] with binary cross entropy. ROC/AUC, sensitivity, specificity, accuracy, F1.</summary>
    BinaryClassification = 0,

    /// <summary>Output [batch, classes] with cross entropy. Accuracy and macro F1.</summary>
    MultiClassClassification = 1,

    /// <summary>Output [batch, 1, height, width] logits against a 0/1 mask. Dice and IoU.</summary>
    Segmentation = 2,

    /// <summary>Output [batch, 1, height, width] image against a reference image. PSNR and SSIM.</summary>
    ImageRestoration = 3,
}
