using System.Text.Json;
using RadCnn.Dicom.Tests.Oracle;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests;

/// <summary>The header alone, against pydicom: read from every Part 10 test file, and written in front of a streamed data set.</summary>
public sealed class DicomPart10HeaderTests
{
    [Fact]
    public void Reads_the_meta_values_and_the_data_set_offset_pydicom_finds_in_every_part10_test_file()
    {
        var json = Peers.RunPython("""
            import json, sys, glob, os
            from pydicom.filereader import read_preamble, _read_file_meta_info
            out = {}
            for path in sorted(glob.glob(os.path.join(sys.argv[1], '**', '*.dcm'), recursive=True)):
                try:
                    with open(path, 'rb') as f:
                        if read_preamble(f, False) is None:
                            continue
                        meta = _read_file_meta_info(f)
                        out[path] = [str(meta.get('MediaStorageSOPClassUID', '')), str(meta.get('MediaStorageSOPInstanceUID', '')),
                                     str(meta.get('TransferSyntaxUID', '')), f.tell()]
                except Exception:
                    pass
            print(json.dumps(out))
            """, Path.GetDirectoryName(Peers.PydicomTestFiles)!).StandardOutput;
        var pydicom = JsonSerializer.Deserialize<Dictionary<string, JsonElement[]>>(json)!;
        var compared = 0;
        foreach (var (path, expected) in pydicom)
        {
            if (expected[0].GetString()!.Length == 0 || expected[1].GetString()!.Length == 0 || expected[2].GetString()!.Length == 0)
            {
                continue; // a test file with an incomplete meta group: refused below
            }

            var header = DicomPart10Header.Read(path);
            Assert.Equal(expected[0].GetString(), header.SopClassUid);
            Assert.Equal(expected[1].GetString(), header.SopInstanceUid);
            Assert.Equal(expected[2].GetString(), header.TransferSyntaxUid);
            Assert.True(expected[3].GetInt64() == header.DataSetOffset, $"{DicomCorpus.Name(path)}: offset {header.DataSetOffset}, pydicom {expected[3].GetInt64()}");
            compared++;
        }

        Assert.True(compared >= 80, $"only {compared} files compared");
    }

    [Fact]
    public void A_file_without_the_dicm_prefix_or_a_transfer_syntax_is_refused_by_name()
    {
        using var dir = new TempDirectory();
        var text = dir.Combine("notes.dcm");
        File.WriteAllText(text, new string('x', 300));
        Assert.Contains("no DICM prefix", Assert.Throws<DicomFormatException>(() => DicomPart10Header.Read(text)).Message, StringComparison.Ordinal);

        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTag.MediaStorageSOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        meta.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, "1.2.3");
        var noSyntax = dir.Combine("nosyntax.dcm");
        File.WriteAllBytes(noSyntax, DicomPart10Header.Encode(meta));
        Assert.Contains("Transfer Syntax UID", Assert.Throws<DicomFormatException>(() => DicomPart10Header.Read(noSyntax)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encoded_header_in_front_of_a_data_set_is_a_file_pydicom_reads()
    {
        using var dir = new TempDirectory();
        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTag.MediaStorageSOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        meta.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, "1.2.826.0.1.3680043.2.1125.1");
        meta.AddOrUpdate(DicomTag.TransferSyntaxUID, "1.2.840.10008.1.2");
        meta.AddOrUpdate(DicomTag.ImplementationClassUID, "1.2.3.4");
        meta.AddOrUpdate(DicomTag.ImplementationVersionName, "ODD");
        meta.AddOrUpdate(DicomTag.SourceApplicationEntityTitle, "MODALITY");
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        dataset.AddOrUpdate(DicomTag.SOPInstanceUID, "1.2.826.0.1.3680043.2.1125.1");
        dataset.AddOrUpdate(DicomTag.PatientID, "HEADER1");
        var path = dir.Combine("streamed.dcm");
        using (var file = File.Create(path))
        {
            file.Write(DicomPart10Header.Encode(meta));
            RadCnn.Dicom.IO.DicomDatasetWriter.Write(file, dataset, DicomTransferSyntax.ImplicitVRLittleEndian);
        }

        var read = Peers.RunPython("""
            import sys, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            m = ds.file_meta
            print(m.FileMetaInformationGroupLength, bytes(m.FileMetaInformationVersion).hex(), m.TransferSyntaxUID, m.ImplementationVersionName, m.SourceApplicationEntityTitle, ds.PatientID)
            """, path);
        var header = DicomPart10Header.Read(path);
        Assert.Equal($"{header.DataSetOffset - 144} 0001 1.2.840.10008.1.2 ODD MODALITY HEADER1", read.StandardOutput.Trim());
    }
}
