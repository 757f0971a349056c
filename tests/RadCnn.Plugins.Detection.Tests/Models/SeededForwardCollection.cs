namespace RadCnn.Plugins.Detection.Tests.Models;

/// <summary>
/// Tests that seed libtorch's global generator and expect the same dropout masks in two forward passes run alone:
/// another test drawing numbers in between would break the pairing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededForwardCollection
{
    public const string Name = "seeded forward passes";
}
