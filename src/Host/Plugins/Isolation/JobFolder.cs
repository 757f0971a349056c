using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Host.Hosting;
using RadCnn.Host.SeriesAssembly;

namespace RadCnn.Host.Plugins.Isolation;

/// <summary>
/// A call's private folder between the service and a plugin host process: the service writes the work
/// item (item.json, the volume, instances it holds only in memory; spool instances by path), the child
/// writes the result (result.json, out/file-N, out/dicom-N.dcm). The service reads the child's files as
/// hostile input: regular files only, never through a link, sizes capped.
/// </summary>
internal static class JobFolder
{
    /// <summary>The most a result may bring back (files and DICOM objects together).</summary>
    public const long MaxResultBytes = 2L << 30;

    private const int MaxResultJsonBytes = 16 << 20;
    private const int MaxParts = 10_000;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Service side: writes <paramref name="item"/> into <paramref name="folder"/> (created, private).</summary>
    public static async Task WriteItemAsync(string folder, WorkItem item, CancellationToken cancellationToken)
    {
        PrivateFiles.CreateDirectory(folder);
        PrivateFiles.CreateDirectory(Path.Combine(folder, "out"));
        var description = new ItemFile { Id = item.Id, Priority = (int)item.Priority, ReceivedAt = item.ReceivedAt };
        switch (item)
        {
            case ReportWorkItem report:
                description = description with
                {
                    Kind = "report",
                    Text = report.Text,
                    ReportKind = report.Kind,
                    StudyInstanceUid = report.StudyInstanceUid,
                    Metadata = new Dictionary<string, string>(report.Metadata, StringComparer.OrdinalIgnoreCase),
                };
                break;
            case ImageSeriesWorkItem series:
                description = description with
                {
                    Kind = "series",
                    StudyInstanceUid = series.StudyInstanceUid,
                    SeriesInstanceUid = series.SeriesInstanceUid,
                    Modality = series.Modality,
                    SopClassUid = series.SopClassUid,
                    BodyPartExamined = series.BodyPartExamined,
                };
                if (series.Volumes is SeriesVolumeSource spool && spool.Files.All(f => f.Path is not null))
                {
                    // Spool files: the child opens the same files (same user); nothing is copied.
                    description = description with { InstancePaths = [.. spool.Files.Select(f => f.Path!)] };
                }
                else
                {
                    for (var i = 0; i < series.Instances.Count; i++)
                    {
                        new DicomFile(series.Instances[i]).Save(Path.Combine(folder, $"instance-{i}.dcm"));
                    }

                    description = description with { InstanceFiles = series.Instances.Count, Volume = await WriteVolumeAsync(folder, series, cancellationToken).ConfigureAwait(false) };
                }

                break;
            default:
                throw new NotSupportedException($"work items of type {item.GetType().Name} cannot be sent to a plugin host process");
        }

        await File.WriteAllBytesAsync(Path.Combine(folder, "item.json"), JsonSerializer.SerializeToUtf8Bytes(description, Json), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Child side: the work item the service wrote into <paramref name="folder"/>.</summary>
    public static WorkItem ReadItem(string folder)
    {
        var file = JsonSerializer.Deserialize<ItemFile>(File.ReadAllBytes(Path.Combine(folder, "item.json")), Json)
            ?? throw new InvalidDataException("item.json is empty");
        var priority = (InferencePriority)file.Priority;
        if (file.Kind == "report")
        {
            return new ReportWorkItem
            {
                Id = file.Id,
                Priority = priority,
                ReceivedAt = file.ReceivedAt,
                Text = file.Text ?? string.Empty,
                Kind = file.ReportKind ?? string.Empty,
                StudyInstanceUid = file.StudyInstanceUid,
                Metadata = new Dictionary<string, string>(file.Metadata ?? [], StringComparer.OrdinalIgnoreCase),
            };
        }

        IReadOnlyList<DicomDataset> instances;
        IImageVolumeSource volumes;
        if (file.InstancePaths is { } paths)
        {
            var files = paths.Select(p => DicomFile.Open(p)).ToList();
            instances = [.. files.Select(f => f.Dataset)];
            volumes = new SeriesVolumeSource(files);
        }
        else
        {
            instances = [.. Enumerable.Range(0, file.InstanceFiles).Select(i => DicomFile.Open(Path.Combine(folder, $"instance-{i}.dcm")).Dataset)];
            volumes = file.Volume is { } volume ? IImageVolumeSource.FromVolume(ReadVolume(folder, volume)) : new MissingVolume();
        }

        return new ImageSeriesWorkItem
        {
            Id = file.Id,
            Priority = priority,
            ReceivedAt = file.ReceivedAt,
            StudyInstanceUid = file.StudyInstanceUid ?? string.Empty,
            SeriesInstanceUid = file.SeriesInstanceUid ?? string.Empty,
            Modality = file.Modality ?? "OT",
            SopClassUid = file.SopClassUid,
            BodyPartExamined = file.BodyPartExamined,
            Instances = instances,
            Volumes = volumes,
        };
    }

    /// <summary>Child side: writes what the plugin returned.</summary>
    public static void WriteResult(string folder, PluginResult result)
    {
        var output = Path.Combine(folder, "out");
        var files = result.Files ?? [];
        for (var i = 0; i < files.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(output, $"file-{i}"), files[i].Content.ToArray());
        }

        var dicom = result.DicomObjects ?? [];
        for (var i = 0; i < dicom.Count; i++)
        {
            new DicomFile(dicom[i]).Save(Path.Combine(output, $"dicom-{i}.dcm"));
        }

        var written = new ResultFile(
            result.Status,
            result.Message,
            [.. result.Findings ?? []],
            [.. result.Measurements ?? []],
            [.. files.Select(f => new ResultPart(f.Name, f.MediaType))],
            dicom.Count,
            result.Supersedes);
        File.WriteAllBytes(Path.Combine(output, "result.json"), JsonSerializer.SerializeToUtf8Bytes(written, Json));
    }

    /// <summary>Service side: the result the child wrote, checked as hostile input.</summary>
    /// <exception cref="InvalidDataException">Missing, malformed, oversized, or not regular files.</exception>
    public static PluginResult ReadResult(string folder)
    {
        var output = Path.Combine(folder, "out");
        var json = ReadCapped(Path.Combine(output, "result.json"), MaxResultJsonBytes, out _);
        ResultFile file;
        try
        {
            file = JsonSerializer.Deserialize<ResultFile>(json, Json) ?? throw new InvalidDataException("result.json is empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("result.json is not a result", ex);
        }

        if ((file.Files?.Count ?? 0) > MaxParts || file.DicomObjects is < 0 or > MaxParts)
        {
            throw new InvalidDataException("the result names too many files");
        }

        var budget = MaxResultBytes;
        var outputs = new List<OutputFile>();
        for (var i = 0; i < (file.Files?.Count ?? 0); i++)
        {
            var part = file.Files![i];
            var content = ReadCapped(Path.Combine(output, $"file-{i}"), budget, out var size);
            budget -= size;
            outputs.Add(new OutputFile(part.Name, part.MediaType, content));
        }

        var objects = new List<DicomDataset>();
        for (var i = 0; i < file.DicomObjects; i++)
        {
            var bytes = ReadCapped(Path.Combine(output, $"dicom-{i}.dcm"), budget, out var size);
            budget -= size;
            try
            {
                objects.Add(DicomFile.Open(new MemoryStream(bytes, writable: false)).Dataset);
            }
            catch (DicomFormatException ex)
            {
                throw new InvalidDataException($"DICOM object {i} of the result is not valid DICOM", ex);
            }
        }

        return new PluginResult
        {
            Status = file.Status,
            Message = file.Message,
            Findings = [.. file.Findings ?? []],
            Measurements = [.. file.Measurements ?? []],
            Files = outputs,
            DicomObjects = objects,
            Supersedes = file.Supersedes,
        };
    }

    private static byte[] ReadCapped(string path, long limit, out long size)
    {
        FileStream stream;
        try
        {
            stream = UnixFile.OpenRegularForRead(path);
        }
        catch (FileNotFoundException)
        {
            throw new InvalidDataException($"the result has no {Path.GetFileName(path)}");
        }

        using (stream)
        {
            size = stream.Length;
            if (size > limit)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} of the result is {size} bytes, more than the {limit} left of its budget");
            }

            var bytes = new byte[size];
            stream.ReadExactly(bytes);
            return bytes;
        }
    }

    private static async Task<VolumeFile?> WriteVolumeAsync(string folder, ImageSeriesWorkItem series, CancellationToken cancellationToken)
    {
        ImageVolume volume;
        try
        {
            volume = await series.GetVolumeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or DicomFormatException or NotSupportedException)
        {
            return null; // the child's plugin sees the same failure when it asks for the volume
        }

        await using (var stream = new FileStream(Path.Combine(folder, "volume.f32"), FileMode.CreateNew, FileAccess.Write))
        {
            await stream.WriteAsync(MemoryMarshal.AsBytes(volume.Voxels.Span).ToArray(), cancellationToken).ConfigureAwait(false);
        }

        return new VolumeFile(volume.Columns, volume.Rows, volume.Slices, volume.Spacing, volume.Origin, volume.RowDirection, volume.ColumnDirection, volume.Unit, volume.FrameOfReferenceUid);
    }

    private static ImageVolume ReadVolume(string folder, VolumeFile v)
    {
        var bytes = File.ReadAllBytes(Path.Combine(folder, "volume.f32"));
        var voxels = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        return new ImageVolume(voxels, v.Columns, v.Rows, v.Slices, v.Spacing, v.Origin, v.RowDirection, v.ColumnDirection)
        {
            Unit = v.Unit,
            FrameOfReferenceUid = v.FrameOfReferenceUid,
        };
    }

    private sealed record ItemFile
    {
        public string Kind { get; init; } = "series";

        public required string Id { get; init; }

        public int Priority { get; init; }

        public DateTimeOffset ReceivedAt { get; init; }

        public string? StudyInstanceUid { get; init; }

        public string? SeriesInstanceUid { get; init; }

        public string? Modality { get; init; }

        public string? SopClassUid { get; init; }

        public string? BodyPartExamined { get; init; }

        public IReadOnlyList<string>? InstancePaths { get; init; }

        public int InstanceFiles { get; init; }

        public VolumeFile? Volume { get; init; }

        public string? Text { get; init; }

        public string? ReportKind { get; init; }

        public Dictionary<string, string>? Metadata { get; init; }
    }

    private sealed record VolumeFile(int Columns, int Rows, int Slices, Vector3D Spacing, Vector3D Origin, Vector3D RowDirection, Vector3D ColumnDirection, string? Unit, string? FrameOfReferenceUid);

    private sealed record ResultFile(
        PluginResultStatus Status,
        string? Message,
        IReadOnlyList<Finding>? Findings,
        IReadOnlyList<Measurement>? Measurements,
        IReadOnlyList<ResultPart>? Files,
        int DicomObjects,
        ResultSupersession? Supersedes);

    private sealed record ResultPart(string Name, string MediaType);

    private sealed class MissingVolume : IImageVolumeSource
    {
        public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken) =>
            ValueTask.FromException<ImageVolume>(new InvalidOperationException("the series' volume could not be built"));
    }
}
