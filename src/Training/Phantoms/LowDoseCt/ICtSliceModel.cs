namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>Draws an anatomical CT slice of a synthetic patient; slice <c>index</c> of a seed is always the same.</summary>
public interface ICtSliceModel
{
    /// <summary>Short name for phantom.json and the series descriptions, for example "body".</summary>
    string Name { get; }

    /// <param name="seed">Dataset seed.</param>
    /// <param name="patient">Synthetic patient (anatomy shared by its slices).</param>
    /// <param name="slice">Slice of that patient (z position).</param>
    /// <param name="size">Image side in pixels.</param>
    CtAnatomySlice Draw(int seed, int patient, int slice, int size);
}
