using RadCnn.Dicom.Imaging;

namespace RadCnn.Dicom.Iods;

/// <summary>
/// Source pixels in modality units (HU for CT), decoded with <see cref="DicomPixelData"/>, in the
/// layout the builders take: one float per pixel, [slice][row][column] in the order of the files.
/// </summary>
public static class SourcePixels
{
    /// <summary>The first frame of a greyscale image, after the modality LUT or rescale.</summary>
    /// <exception cref="ArgumentException">The image is not greyscale.</exception>
    public static float[] Modality(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var pixels = DicomPixelData.Create(file);
        if (pixels.SamplesPerPixel != 1)
        {
            throw new ArgumentException($"the source is {pixels.PhotometricInterpretation}; heat maps, masks and derived images need a greyscale source", nameof(file));
        }

        return pixels.GetModalityValues<float>(0);
    }

    /// <summary>The slices of a series, one after another in the order given.</summary>
    public static float[] ModalityVolume(IReadOnlyList<DicomFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var slices = files.Select(Modality).ToList();
        if (slices.Count == 0 || slices.Any(s => s.Length != slices[0].Length))
        {
            throw new ArgumentException("the files must be one or more slices of the same size", nameof(files));
        }

        var volume = new float[slices.Count * slices[0].Length];
        for (var i = 0; i < slices.Count; i++)
        {
            slices[i].CopyTo(volume, i * slices[0].Length);
        }

        return volume;
    }
}
