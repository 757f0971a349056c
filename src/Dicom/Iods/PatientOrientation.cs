namespace RadCnn.Dicom.Iods;

/// <summary>Patient Orientation (0020,0020) of an image: copied, or derived from Image Orientation (Patient) (PS3.3 C.7.6.1.1.1).</summary>
internal static class PatientOrientation
{
    /// <summary>Two values (row direction, column direction), or none where the source says nothing.</summary>
    public static string[] FromSource(DicomDataset source)
    {
        if (source.TryGetValues<string>(DicomTag.PatientOrientation, out var given) && given.Length == 2 && given.All(g => g.Length > 0))
        {
            return given;
        }

        var orientation = ResultModules.Numbers(source, DicomTag.ImageOrientationPatient, 6);
        return orientation is null ? [] : [Label(orientation[0], orientation[1], orientation[2]), Label(orientation[3], orientation[4], orientation[5])];
    }

    /// <summary>The letters of a direction vector in LPS, major axis first, minor axes above 0.25 after.</summary>
    private static string Label(double x, double y, double z)
    {
        var parts = new[] { (Math.Abs(x), x > 0 ? 'L' : 'R'), (Math.Abs(y), y > 0 ? 'P' : 'A'), (Math.Abs(z), z > 0 ? 'H' : 'F') };
        return new string(parts.Where(p => p.Item1 > 0.25).OrderByDescending(p => p.Item1).Select(p => p.Item2).ToArray());
    }
}
