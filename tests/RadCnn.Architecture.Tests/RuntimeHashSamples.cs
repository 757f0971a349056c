namespace RadCnn.Architecture.Tests;

/// <summary>What <see cref="StableSeedTests"/> must find (each method not named Safe...) and must let pass (Safe...), as IL.</summary>
internal sealed class RuntimeHashSamples
{
    public static Random FromStringHash(string id) => new(id.GetHashCode(StringComparison.Ordinal));

    public static Random FromCombinedHash(int seed, string id) => new(HashCode.Combine(seed, id));

    public static Random SafeFromSeedAndLength(int seed, string id) => new(seed ^ id.Length);

    public override bool Equals(object? obj) => obj is RuntimeHashSamples;

    // An override's own hash is for dictionaries within one process: allowed.
    public override int GetHashCode() => HashCode.Combine(1, "sample".GetHashCode(StringComparison.Ordinal));
}
