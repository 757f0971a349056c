using RadCnn.Dicom.IO;

namespace RadCnn.Dicom;

/// <summary>
/// A DICOM Part 10 file: 128-byte preamble, "DICM", file meta information (group 0002, always explicit
/// VR little endian) and the dataset in its transfer syntax. Files without preamble or meta information
/// are read too, with the transfer syntax guessed from the first bytes.
/// </summary>
public sealed class DicomFile
{
    public DicomFile(DicomDataset dataset)
        : this(new DicomDataset(), dataset)
    {
    }

    public DicomFile(DicomDataset fileMetaInfo, DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(fileMetaInfo);
        ArgumentNullException.ThrowIfNull(dataset);
        FileMetaInfo = fileMetaInfo;
        Dataset = dataset;
    }

    /// <summary>Group 0002 elements. Filled in from the dataset when saving where they are missing.</summary>
    public DicomDataset FileMetaInfo { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The 128-byte preamble (zeros unless read from a file that had other bytes).</summary>
    public ReadOnlyMemory<byte> Preamble { get; set; } = new byte[128];

    /// <summary>How the dataset was (or will be) encoded; from (0002,0010), or guessed where the file had none.</summary>
    public DicomTransferSyntax TransferSyntax
    {
        get => FileMetaInfo.TryGetString(DicomTag.TransferSyntaxUID, out var uid) && uid.Length > 0
            ? DicomTransferSyntax.Parse(uid)
            : _guessedSyntax ?? DicomTransferSyntax.ExplicitVRLittleEndian;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            FileMetaInfo.AddOrUpdate(DicomTag.TransferSyntaxUID, value.Uid.Value);
        }
    }

    /// <summary>How the file was laid out when read: whether it had a preamble and meta information.</summary>
    public DicomFileFormat Format { get; internal set; } = DicomFileFormat.Part10;

    /// <summary>Path of the file it was read from, if any.</summary>
    public string? Path { get; internal set; }

    private DicomTransferSyntax? _guessedSyntax;

    internal void SetGuessedSyntax(DicomTransferSyntax syntax) => _guessedSyntax = syntax;

    /// <summary>Opens a file. Large values (pixel data) stay in the file until asked for.</summary>
    /// <exception cref="DicomFormatException">The file is not valid DICOM; says where and in which element.</exception>
    public static DicomFile Open(string path, DicomReadOptions? options = null) =>
        DicomFileReader.Read(path, options ?? DicomReadOptions.Default);

    /// <summary>Reads a file from a stream (values are copied into memory; the stream is not kept).</summary>
    /// <exception cref="DicomFormatException">The stream is not valid DICOM.</exception>
    public static DicomFile Open(Stream stream, DicomReadOptions? options = null) =>
        DicomFileReader.Read(stream, options ?? DicomReadOptions.Default);

    /// <summary>Writes a Part 10 file in <see cref="TransferSyntax"/> (written to a temporary name, then renamed).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Save(stream);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes a Part 10 file to a stream.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        DicomFileWriter.Write(stream, this);
    }
}
