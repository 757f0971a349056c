namespace RadCnn.Dicom.IO;

/// <summary>Writes Part 10 files.</summary>
internal static class DicomFileWriter
{
    public static void Write(Stream stream, DicomFile file) => throw new NotImplementedException(stream + "" + file);
}
