namespace RadCnn.Training.Phantoms;

/// <summary>
/// Seeded random draws for generators. System.Random with a seed is the same sequence on every
/// platform and runtime version, which the reproducibility of every phantom rests on.
/// </summary>
internal sealed class SeededRandom
{
    private readonly Random random;

    public SeededRandom(params int[] keys)
    {
#pragma warning disable CA5394 // reproducible synthetic data, not security
        random = new Random(Mix(keys));
#pragma warning restore CA5394
    }

    /// <summary>One seed from several keys: (seed, index) and (index, seed) differ, and nearby seeds give unrelated streams.</summary>
    public static int Mix(params int[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var hash = 17L;
        foreach (var key in keys)
        {
            hash = unchecked((hash * 1_000_003L) ^ key);
            hash ^= hash >>> 29;
        }

        return unchecked((int)(hash ^ (hash >>> 32))) & int.MaxValue;
    }

#pragma warning disable CA5394
    public double Uniform(double low, double high) => low + ((high - low) * random.NextDouble());

    public int Int(int lowInclusive, int highExclusive) => random.Next(lowInclusive, highExclusive);

    public bool Chance(double probability) => random.NextDouble() < probability;

    /// <summary>Standard normal draw (Box-Muller).</summary>
    public double Gaussian()
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
#pragma warning restore CA5394
}
