namespace RadCnn.Abstractions.Manifest;

/// <summary>A model file shipped in the plugin folder, checked against its SHA-256 before the plugin loads.</summary>
/// <param name="Name">The name the plugin asks for (<c>IPluginContext.GetModelPath</c>), for example "classifier".</param>
/// <param name="Path">Path relative to the plugin folder, with '/' separators, for example "model/classifier.dat".</param>
/// <param name="Sha256">The file's SHA-256 as 64 hexadecimal digits (<c>sha256sum</c>'s output).</param>
public sealed record ModelFile(string Name, string Path, string Sha256);
