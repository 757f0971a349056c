namespace RadCnn.Training.Augmentation;

/// <summary>
/// Random transformations of the training images (the review's remedy for overfitting on small
/// datasets): flips, small rotations and translations, random resized crops, intensity jitter and
/// random erasing. Zero or one everywhere means "off". Validation and test images are never augmented.
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>Left-right flip. Keep it 0 where laterality matters (the heart sits on the patient's left).</summary>
    public double HorizontalFlipProbability { get; init; }

    public double VerticalFlipProbability { get; init; }

    /// <summary>Rotation drawn uniformly in ±this many degrees.</summary>
    public double MaxRotationDegrees { get; init; }

    /// <summary>Shift drawn uniformly in ±this fraction of the image side, per axis.</summary>
    public double MaxTranslation { get; init; }

    /// <summary>Random crop: the side of the cropped window, as a fraction of the image, is drawn in [this, 1] and resized back.</summary>
    public double MinCropScale { get; init; } = 1;

    /// <summary>Contrast factor drawn in [1 − this, 1 + this] (applied to an image target too: restoration).</summary>
    public double ContrastJitter { get; init; }

    /// <summary>Brightness offset drawn in ±this (in normalised input units; applied to an image target too, so a restoration network learns to follow it).</summary>
    public double BrightnessJitter { get; init; }

    /// <summary>Probability of erasing one random rectangle (set to 0, the mean of a z-scored image).</summary>
    public double ErasingProbability { get; init; }

    /// <summary>Largest erased area as a fraction of the image.</summary>
    public double ErasingMaxArea { get; init; } = 0.15;

    /// <summary>No augmentation.</summary>
    public static AugmentationOptions None { get; } = new();

    /// <summary>Mild settings that suit radiographs: no flips, ±7°, ±6 % shift, crops down to 90 %, ±10 % intensity, erasing half the time.</summary>
    public static AugmentationOptions Radiograph { get; } = new()
    {
        MaxRotationDegrees = 7,
        MaxTranslation = 0.06,
        MinCropScale = 0.9,
        ContrastJitter = 0.1,
        BrightnessJitter = 0.1,
        ErasingProbability = 0.5,
        ErasingMaxArea = 0.08,
    };

    public bool IsGeometric => HorizontalFlipProbability > 0 || VerticalFlipProbability > 0 || MaxRotationDegrees > 0 || MaxTranslation > 0 || MinCropScale < 1;

    public bool IsIdentity => !IsGeometric && ContrastJitter <= 0 && BrightnessJitter <= 0 && ErasingProbability <= 0;
}
