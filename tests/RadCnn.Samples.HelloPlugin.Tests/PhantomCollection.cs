namespace RadCnn.Samples.HelloPlugin.Tests;

[CollectionDefinition(Name)]
public sealed class PhantomCollection : ICollectionFixture<PhantomFolderFixture>
{
    public const string Name = "hello phantoms";
}
