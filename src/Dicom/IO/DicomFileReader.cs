namespace RadCnn.Dicom.IO;

/// <summary>Reads Part 10 files and bare datasets.</summary>
internal static class DicomFileReader
{
    public static DicomFile Read(string path, DicomReadOptions options) => throw new NotImplementedException(path + options);

    public static DicomFile Read(Stream stream, DicomReadOptions options) => throw new NotImplementedException(stream + "" + options);
}
