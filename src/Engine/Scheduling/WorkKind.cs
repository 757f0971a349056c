namespace RadCnn.Engine.Scheduling;

/// <summary>What a queued request asks for; only plain inference is micro-batched.</summary>
internal enum WorkKind
{
    Infer = 0,
    Probe = 1,
    Explain = 2,
}
