namespace RadCnn.Abstractions.Results;

/// <summary>A file the host writes to the outbox beside the result's JSON (written atomically).</summary>
/// <param name="Name">A plain file name without directories, for example "gradcam.png".</param>
/// <param name="MediaType">The content's media type, for example "image/png" or "application/json".</param>
/// <param name="Content">The file's bytes.</param>
public sealed record OutputFile(string Name, string MediaType, ReadOnlyMemory<byte> Content);
