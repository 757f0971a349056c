namespace RadCnn.Plugins.Classification.Tests;

/// <summary>Tests that share the held-out chest CT phantoms written once by <see cref="ChestCtFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ChestCtCollection : ICollectionFixture<ChestCtFixture>
{
    public const string Name = "chest CT phantoms";
}
