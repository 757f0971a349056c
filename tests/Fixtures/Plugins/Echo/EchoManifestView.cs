namespace Fixture.Echo;

/// <summary>The part of its own plugin.json the echo fixture reads.</summary>
public sealed record EchoManifestView(string DisplayName);
