namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

[CollectionDefinition(Name)]
public sealed class PelvisPhantomCollection : ICollectionFixture<PelvisPhantomFixture>
{
    public const string Name = "pelvic MR phantoms";
}
