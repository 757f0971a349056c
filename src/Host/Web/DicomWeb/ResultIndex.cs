using System.Collections.Concurrent;
using System.Globalization;
using RadCnn.Dicom;
using RadCnn.Host.Outputs;

namespace RadCnn.Host.Web.DicomWeb;

/// <summary>
/// RadCnn's results as a DICOM archive: every DICOM object named in outbox/&lt;job&gt;/result.json,
/// its header read once (up to the pixel data). A job's folder only ever appears whole (it is
/// renamed into place), so a folder once read is only read again when result.json changes.
/// </summary>
internal sealed class ResultIndex(OutboxWriter outbox)
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforeTag = DicomTag.PixelData };
    private readonly ConcurrentDictionary<string, (DateTime Written, IReadOnlyList<ResultInstance> Instances)> _jobs = new(StringComparer.Ordinal);

    public IReadOnlyList<ResultInstance> All()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<ResultInstance>();
        foreach (var folder in Directory.EnumerateDirectories(outbox.Root))
        {
            var name = Path.GetFileName(folder);
            if (!long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var jobId))
            {
                continue; // a folder being written (hidden temporary name)
            }

            var resultFile = Path.Combine(folder, "result.json");
            DateTime written;
            try
            {
                written = File.GetLastWriteTimeUtc(resultFile);
            }
            catch (IOException)
            {
                continue;
            }

            seen.Add(name);
            if (!_jobs.TryGetValue(name, out var cached) || cached.Written != written)
            {
                cached = (written, Read(jobId, folder, resultFile));
                _jobs[name] = cached;
            }

            all.AddRange(cached.Instances);
        }

        foreach (var gone in _jobs.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _jobs.TryRemove(gone, out _);
        }

        return all;
    }

    public IReadOnlyList<ResultInstance> ForJob(long jobId) => [.. All().Where(i => i.JobId == jobId)];

    private static List<ResultInstance> Read(long jobId, string folder, string resultFile)
    {
        var list = new List<ResultInstance>();
        ResultDocument document;
        try
        {
            document = ResultDocument.Parse(File.ReadAllBytes(resultFile));
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException)
        {
            return list;
        }

        foreach (var dicom in document.DicomObjects)
        {
            var path = Path.GetFullPath(Path.Combine(folder, dicom.File));
            if (!path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            {
                continue;
            }

            try
            {
                var header = DicomFile.Open(path, HeaderOnly).Dataset;
                list.Add(new ResultInstance(jobId, path,
                    header.GetStringOrDefault(DicomTag.StudyInstanceUID), header.GetStringOrDefault(DicomTag.SeriesInstanceUID),
                    header.GetStringOrDefault(DicomTag.SOPInstanceUID), header.GetStringOrDefault(DicomTag.SOPClassUID),
                    header.GetStringOrDefault(DicomTag.Modality), Optional(header, DicomTag.SeriesNumber), Optional(header, DicomTag.InstanceNumber),
                    Optional(header, DicomTag.StudyDate), Optional(header, DicomTag.SeriesDescription), header));
            }
            catch (Exception ex) when (ex is IOException or DicomFormatException or InvalidDataException)
            {
                // A result file that cannot be read is left out of the archive, not served broken.
            }
        }

        return list;
    }

    private static string? Optional(DicomDataset header, DicomTag tag) => header.TryGetString(tag, out var value) && value.Length > 0 ? value : null;
}
