using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace RadCnn.Architecture.Tests;

/// <summary>
/// What one built assembly declares about its dependencies, read from its metadata without loading it:
/// the assemblies it references and the assemblies it opens its internals to.
/// </summary>
internal sealed class BuiltAssembly
{
    private BuiltAssembly(string path, string name, IReadOnlyList<string> references, IReadOnlyList<string> internalsVisibleTo)
    {
        Path = path;
        Name = name;
        References = references;
        InternalsVisibleTo = internalsVisibleTo;
    }

    public string Path { get; }

    public string Name { get; }

    /// <summary>Simple names of the referenced assemblies (the compiler records only those a type or member is used from).</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Simple names of the friend assemblies of [InternalsVisibleTo].</summary>
    public IReadOnlyList<string> InternalsVisibleTo { get; }

    public static BuiltAssembly Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var name = metadata.GetString(metadata.GetAssemblyDefinition().Name);
        var references = metadata.AssemblyReferences
            .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
            .Order(StringComparer.Ordinal)
            .ToList();
        var friends = new List<string>();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (AttributeTypeName(metadata, attribute) != "System.Runtime.CompilerServices.InternalsVisibleToAttribute")
            {
                continue;
            }

            // The blob is the prolog (0x0001) followed by one SerString: "Name" or "Name, PublicKey=...".
            var blob = metadata.GetBlobReader(attribute.Value);
            blob.ReadUInt16();
            var friend = blob.ReadSerializedString() ?? string.Empty;
            friends.Add(friend.Split(',')[0].Trim());
        }

        return new BuiltAssembly(path, name, references, friends.Order(StringComparer.Ordinal).ToList());
    }

    private static string AttributeTypeName(MetadataReader metadata, CustomAttribute attribute)
    {
        EntityHandle type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => Join(metadata.GetTypeReference((TypeReferenceHandle)type).Namespace, metadata.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => Join(metadata.GetTypeDefinition((TypeDefinitionHandle)type).Namespace, metadata.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => string.Empty,
        };

        string Join(StringHandle ns, StringHandle name) => metadata.GetString(ns) + "." + metadata.GetString(name);
    }

    public override string ToString() => Name;
}
