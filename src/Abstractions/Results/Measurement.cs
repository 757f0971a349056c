namespace RadCnn.Abstractions.Results;

/// <summary>A measured quantity.</summary>
/// <param name="Name">What was measured, for example "liver volume".</param>
/// <param name="Value">The value in <paramref name="Unit"/>.</param>
/// <param name="Unit">UCUM unit, for example "mm", "mL", "[hnsf'U]", or "1" for a ratio.</param>
public sealed record Measurement(string Name, double Value, string Unit)
{
    /// <summary>An optional code for the quantity (same scheme rules as <see cref="Finding.Code"/>).</summary>
    public string? Code { get; init; }
}
