namespace RadCnn.Training.Phantoms;

/// <summary>
/// A family of synthetic images with known ground truth. Case <c>index</c> of a seed is always the same
/// image, so a dataset can be generated on the fly or written to disk and both give the same pixels.
/// Plugins add generators (CT, MRI, low-dose CT, reports) by implementing this.
/// </summary>
public interface IPhantomGenerator
{
    /// <summary>Short name used on the command line, for example "cxr".</summary>
    string Name { get; }

    /// <summary>DICOM modality of the images written, for example "DX".</summary>
    string Modality { get; }

    /// <summary>Class names indexed by <see cref="PhantomCase.Label"/>.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Generates case <paramref name="index"/> of the series drawn with <paramref name="seed"/>.</summary>
    PhantomCase Generate(int seed, int index);
}
