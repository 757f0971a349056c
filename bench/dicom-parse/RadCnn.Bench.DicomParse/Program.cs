// bench/dicom-parse helper. Two commands:
//   generate DIR COUNT          writes COUNT 512x512 16-bit CT slices (explicit VR LE) with RadCnn's writer
//   parse [--values] ROUNDS FILE...   parses every file ROUNDS times; prints one JSON line with the time
//                               of the first pass (cold JIT, like a fresh process) and the best pass.
// With --values every element's value is also decoded (strings and numbers), as a caller reading a
// header would; without it only the structure is parsed and values are left as bytes (like pydicom's
// dcmread, which converts values on access).
using System.Diagnostics;
using System.Globalization;
using RadCnn.Dicom;

if (args.Length >= 3 && args[0] == "generate")
{
    Generate(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length >= 2 && args[0] == "check")
{
    // Prints the files RadCnn reads (the corpus has deliberately broken ones).
    foreach (var file in args[1..])
    {
        try
        {
            DicomFile.Open(file);
            Console.WriteLine(file);
        }
        catch (DicomFormatException)
        {
        }
    }

    return 0;
}

if (args.Length >= 3 && args[0] == "parse")
{
    var values = args[1] == "--values";
    var rest = values ? args[2..] : args[1..];
    var rounds = int.Parse(rest[0], CultureInfo.InvariantCulture);
    var files = rest[1..];
    long bytes = files.Sum(f => new FileInfo(f).Length);
    var times = new List<double>();
    long sink = 0;
    for (var r = 0; r < rounds; r++)
    {
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var dicom = DicomFile.Open(file);
            sink += values ? DecodeAll(dicom.Dataset) : dicom.Dataset.Count;
        }

        times.Add(clock.Elapsed.TotalSeconds);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{{\"files\": {files.Length}, \"bytes\": {bytes}, \"first_s\": {times[0]:F4}, \"best_s\": {times.Min():F4}, \"sink\": {sink}}}"));
    return 0;
}

Console.Error.WriteLine("usage: generate DIR COUNT | parse [--values] ROUNDS FILE...");
return 2;

static long DecodeAll(DicomDataset dataset)
{
    long n = 0;
    foreach (var item in dataset)
    {
        switch (item)
        {
            case DicomSequence sequence:
                foreach (var child in sequence.Items)
                {
                    n += DecodeAll(child);
                }

                break;
            case DicomElement element when element.Tag == DicomTag.PixelData:
                n += element.GetBytes().Length;
                break;
            case DicomElement element when element.VR.IsString || element.VR.Kind is DicomVRKind.Binary or DicomVRKind.Tag:
                n += dataset.TryGetValues<string>(element.Tag, out var strings) ? strings.Length : 0;
                break;
            case DicomElement element:
                n += element.GetBytes().Length;
                break;
        }
    }

    return n;
}

static void Generate(string directory, int count)
{
    Directory.CreateDirectory(directory);
    var study = DicomUid.Generate().Value;
    var series = DicomUid.Generate().Value;
    var random = new Random(7);
    var pixels = new byte[512 * 512 * 2];
    for (var i = 0; i < count; i++)
    {
        random.NextBytes(pixels);
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 100")
            .AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL")
            .AddOrUpdate(DicomTag.SOPClassUID, DicomUid.CTImageStorage)
            .AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate())
            .AddOrUpdate(DicomTag.StudyDate, "20261126")
            .AddOrUpdate(DicomTag.Modality, "CT")
            .AddOrUpdate(DicomTag.Manufacturer, "RadCnn bench")
            .AddOrUpdate(DicomTag.PatientName, "Bench^Phantom")
            .AddOrUpdate(DicomTag.PatientID, "BENCH0001")
            .AddOrUpdate(DicomTag.SliceThickness, 1.25)
            .AddOrUpdate(DicomTag.KVP, 120)
            .AddOrUpdate(DicomTag.StudyInstanceUID, study)
            .AddOrUpdate(DicomTag.SeriesInstanceUID, series)
            .AddOrUpdate(DicomTag.SeriesNumber, 1)
            .AddOrUpdate(DicomTag.InstanceNumber, i + 1)
            .AddOrUpdate(DicomTag.ImagePositionPatient, -250.0, -250.0, i * 1.25)
            .AddOrUpdate(DicomTag.ImageOrientationPatient, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
            .AddOrUpdate(DicomTag.FrameOfReferenceUID, study + ".1")
            .AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1)
            .AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTag.Rows, (ushort)512)
            .AddOrUpdate(DicomTag.Columns, (ushort)512)
            .AddOrUpdate(DicomTag.PixelSpacing, 0.9765625, 0.9765625)
            .AddOrUpdate(DicomTag.BitsAllocated, (ushort)16)
            .AddOrUpdate(DicomTag.BitsStored, (ushort)16)
            .AddOrUpdate(DicomTag.HighBit, (ushort)15)
            .AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0)
            .AddOrUpdate(DicomTag.WindowCenter, 40.0)
            .AddOrUpdate(DicomTag.WindowWidth, 400.0)
            .AddOrUpdate(DicomTag.RescaleIntercept, -1024.0)
            .AddOrUpdate(DicomTag.RescaleSlope, 1.0)
            .AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, pixels.ToArray()));
        var file = new DicomFile(dataset) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian };
        file.Save(Path.Combine(directory, $"ct{i:D4}.dcm"));
    }
}
