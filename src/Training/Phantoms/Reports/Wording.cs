namespace RadCnn.Training.Phantoms.Reports;

/// <summary>
/// Draws phrasings for one report. Each seed keeps only part of every phrase family (about four in
/// five variants, at least one), so a held-out seed writes some wordings a training seed never used.
/// </summary>
internal sealed class Wording(int seed, int index)
{
    private const double ActiveShare = 0.8;

    public SeededRandom Random { get; } = new(seed, index, 7919);

    /// <summary>One variant of <paramref name="family"/> among those active for this seed.</summary>
    public string Pick(string family, IReadOnlyList<string> variants)
    {
        var active = Active(family, variants.Count);
        return variants[active[Random.Int(0, active.Count)]];
    }

    public bool Chance(double probability) => Random.Chance(probability);

    public int Int(int low, int high) => Random.Int(low, high);

    private List<int> Active(string family, int count)
    {
        var mask = new SeededRandom(seed, StableHash(family));
        var active = Enumerable.Range(0, count).Where(_ => mask.Chance(ActiveShare)).ToList();
        if (active.Count == 0)
        {
            active.Add(mask.Int(0, count));
        }

        return active;
    }

    /// <summary>A hash of the family name that does not change between runs (string.GetHashCode does).</summary>
    private static int StableHash(string text)
    {
        var hash = 5381;
        foreach (var c in text)
        {
            hash = unchecked((hash * 33) ^ c);
        }

        return hash & int.MaxValue;
    }
}
