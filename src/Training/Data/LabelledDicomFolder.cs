using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RadCnn.Dicom;
using RadCnn.Training.Optimization;
using SkiaSharp;

namespace RadCnn.Training.Data;

/// <summary>
/// A user's own labelled data: a folder of DICOM files (any layout, searched recursively) and a
/// labels.csv whose header names a key column (<c>sop_instance_uid</c>, <c>series_instance_uid</c> or
/// <c>file</c>, a path relative to the folder) and a target column (<c>label</c>: a class name or index;
/// or <c>mask</c>: a DICOM or PNG mask file, relative to the folder, for segmentation). A series UID
/// labels every instance of the series. Patients are grouped by a hash of Patient ID (never the ID).
/// Every problem is reported as a <see cref="DatasetException"/> naming the line or the file.
/// </summary>
public static class LabelledDicomFolder
{
    public const string LabelsFile = "labels.csv";

    public static TrainingData Load(string directory, LabelledFolderOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(directory))
        {
            throw new DatasetException($"data directory {directory} does not exist");
        }

        var labelsPath = Path.Combine(directory, LabelsFile);
        if (!File.Exists(labelsPath))
        {
            throw new DatasetException($"{directory} has no {LabelsFile} (columns: sop_instance_uid or series_instance_uid or file, then label or mask)");
        }

        var csv = LabelsCsv.Read(labelsPath);
        var keyName = new[] { "sop_instance_uid", "series_instance_uid", "file" }.FirstOrDefault(k => csv.Column(k) >= 0)
            ?? throw new DatasetException($"{labelsPath} line 1: the header names no key column (sop_instance_uid, series_instance_uid or file)");
        var dense = options.Kind is TrainingTaskKind.Segmentation or TrainingTaskKind.ImageRestoration;
        var targetName = dense ? "mask" : "label";
        var keyColumn = csv.Column(keyName);
        var targetColumn = csv.Column(targetName);
        if (targetColumn < 0)
        {
            throw new DatasetException($"{labelsPath} line 1: the header names no '{targetName}' column");
        }

        if (csv.Rows.Count == 0)
        {
            throw new DatasetException($"{labelsPath} has no rows: the dataset is empty");
        }

        var index = keyName == "file" ? null : DicomIndex.Build(directory, labelsPath);
        var samples = new List<TrainingSample>();
        var patients = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, fields) in csv.Rows)
        {
            var where = $"{labelsPath} line {line}";
            var key = fields[keyColumn];
            var files = Resolve(keyName, key, directory, index, where);
            var label = dense ? 0 : ParseLabel(fields[targetColumn], options.ClassNames, where);
            foreach (var path in files)
            {
                var sample = ReadSample(path, options, label, dense ? Path.Combine(directory, fields[targetColumn]) : null, where);
                patients.Add(sample.PatientKey);
                samples.Add(sample);
            }
        }

        if (samples.Count == 0)
        {
            throw new DatasetException($"{labelsPath}: no images were found for its rows: the dataset is empty");
        }

        var counts = dense ? string.Empty : " (" + string.Join(", ", options.ClassNames.Select((c, i) => $"{c} {samples.Count(s => s.Label == i)}")) + ")";
        return new TrainingData(samples, string.Create(CultureInfo.InvariantCulture, $"{samples.Count} DICOM images of {patients.Count} patients from a labelled folder ({LabelsFile} keyed by {keyName}){counts}"));
    }

    private static IReadOnlyList<string> Resolve(string keyName, string key, string directory, DicomIndex? index, string where)
    {
        if (key.Length == 0)
        {
            throw new DatasetException($"{where}: the {keyName} field is empty");
        }

        if (keyName == "file")
        {
            var path = Path.GetFullPath(Path.Combine(directory, key));
            return File.Exists(path) ? [path] : throw new DatasetException($"{where}: file {key} does not exist in {directory}");
        }

        var map = keyName == "sop_instance_uid" ? index!.ByInstance : index!.BySeries;
        return map.TryGetValue(key, out var paths)
            ? paths
            : throw new DatasetException($"{where}: no DICOM file in {directory} has {(keyName == "sop_instance_uid" ? "SOP Instance UID" : "Series Instance UID")} {key}");
    }

    private static int ParseLabel(string text, IReadOnlyList<string> classNames, string where)
    {
        for (var i = 0; i < classNames.Count; i++)
        {
            if (string.Equals(classNames[i], text, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < classNames.Count)
        {
            return number;
        }

        throw new DatasetException($"{where}: label '{text}' is not one of {string.Join(", ", classNames)} (or 0-{classNames.Count - 1})");
    }

    private static TrainingSample ReadSample(string path, LabelledFolderOptions options, int label, string? maskPath, string where)
    {
        DicomFile file;
        try
        {
            file = DicomFile.Open(path);
        }
        catch (DicomFormatException e)
        {
            throw new DatasetException($"{where}: {path} is not a readable DICOM file: {e.Message}", e);
        }

        var (values, height, width) = GrayscaleImageReader.Read(file, path);
        var input = options.Input;
        var pixels = ImagePreparation.Fit(values, height, width, input).Pixels;
        float[]? target = null;
        if (maskPath is not null)
        {
            var (mask, maskHeight, maskWidth) = ReadMask(maskPath, where);
            if (maskHeight != height || maskWidth != width)
            {
                throw new DatasetException($"{where}: mask {maskPath} is {maskHeight}x{maskWidth} but image {path} is {height}x{width}");
            }

            target = ImagePreparation.FitMask(mask, height, width, input);
        }

        return new TrainingSample
        {
            Id = file.Dataset.GetStringOrDefault(DicomTag.SOPInstanceUID, Path.GetFileName(path)),
            PatientKey = PatientKey(file.Dataset, path),
            Pixels = pixels,
            Channels = input.Channels,
            Height = input.Height,
            Width = input.Width,
            Label = label,
            Target = target,
        };
    }

    /// <summary>A mask as 0/1 values: a DICOM image or a PNG, where any non-zero pixel is inside.</summary>
    private static (float[] Values, int Height, int Width) ReadMask(string path, string where)
    {
        if (!File.Exists(path))
        {
            throw new DatasetException($"{where}: mask file {path} does not exist");
        }

        if (path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            using var bitmap = SKBitmap.Decode(path) ?? throw new DatasetException($"{where}: {path} is not a readable PNG");
            var values = new float[bitmap.Width * bitmap.Height];
            for (var r = 0; r < bitmap.Height; r++)
            {
                for (var c = 0; c < bitmap.Width; c++)
                {
                    var color = bitmap.GetPixel(c, r);
                    values[(r * bitmap.Width) + c] = color.Red + color.Green + color.Blue > 0 ? 1 : 0;
                }
            }

            return (values, bitmap.Height, bitmap.Width);
        }

        try
        {
            var (raw, height, width) = GrayscaleImageReader.Read(DicomFile.Open(path), path);
            return (Array.ConvertAll(raw, v => v != 0 ? 1f : 0f), height, width);
        }
        catch (DicomFormatException e)
        {
            throw new DatasetException($"{where}: mask {path} is neither a PNG nor a readable DICOM file: {e.Message}", e);
        }
    }

    private static string PatientKey(DicomDataset dataset, string path)
    {
        var id = dataset.GetStringOrDefault(DicomTag.PatientID);
        var issuer = dataset.GetStringOrDefault(DicomTag.IssuerOfPatientID);
        var key = id.Length > 0 ? $"patient\n{issuer}\n{id}"
            : dataset.GetStringOrDefault(DicomTag.StudyInstanceUID) is { Length: > 0 } study ? $"study\n{study}"
            : $"file\n{path}";
        // Hashed so the patient ID never reaches logs, checkpoints or model.json.
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }
}
