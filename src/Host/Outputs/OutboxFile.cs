namespace RadCnn.Host.Outputs;

/// <summary>One file of a job's output, relative to its outbox folder (for example "result.json", "dicom/1.2.3.dcm").</summary>
internal sealed record OutboxFile(string RelativePath, ReadOnlyMemory<byte> Content);
