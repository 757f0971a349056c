namespace RadCnn.Plugins.Segmentation.Tests;

[CollectionDefinition(Name)]
public sealed class PhantomCollection : ICollectionFixture<PhantomFolderFixture>
{
    public const string Name = "abdominal CT phantoms";
}
