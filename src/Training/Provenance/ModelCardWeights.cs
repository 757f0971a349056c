namespace RadCnn.Training.Provenance;

/// <summary>The weights file beside model.json, its format and its SHA-256 (lower-case hex).</summary>
internal sealed record ModelCardWeights(string File, string Format, string Sha256);
