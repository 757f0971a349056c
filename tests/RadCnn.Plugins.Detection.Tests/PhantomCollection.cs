namespace RadCnn.Plugins.Detection.Tests;

[CollectionDefinition(Name)]
public sealed class PhantomCollection : ICollectionFixture<PhantomFolderFixture>
{
    public const string Name = "detection phantoms";
}
