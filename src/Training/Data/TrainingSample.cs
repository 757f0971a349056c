namespace RadCnn.Training.Data;

/// <summary>
/// One example, held as managed arrays so a dataset owns no native memory; the trainer turns batches
/// into tensors inside a dispose scope.
/// </summary>
public sealed class TrainingSample
{
    /// <summary>Where the sample came from (SOP Instance UID, phantom case id); named in error messages, never a patient identifier.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// Groups samples of the same patient so a split never puts one patient in two sets. For user DICOM
    /// this is a hash of the Patient ID, never the ID itself.
    /// </summary>
    public required string PatientKey { get; init; }

    /// <summary>Normalised pixels, channels × height × width, row-major.</summary>
    public required float[] Pixels { get; init; }

    public required int Channels { get; init; }

    public required int Height { get; init; }

    public required int Width { get; init; }

    /// <summary>Class index for classification; unused for dense tasks.</summary>
    public int Label { get; init; }

    /// <summary>Dense target of height × width (segmentation mask of 0/1, or the clean image for restoration); null for classification.</summary>
    public float[]? Target { get; init; }

    /// <summary>
    /// Under adversarial training (Madry-style mixing) the trainer moves such samples to the front of their
    /// batch, where the attacked share is taken, so a recipe can ask that some inputs (say, its rarer
    /// intensity renditions) be attacked more often than the rest. False everywhere: the batches as drawn.
    /// </summary>
    public bool AttackFirst { get; init; }
}
