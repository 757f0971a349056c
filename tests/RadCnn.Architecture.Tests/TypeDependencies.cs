using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace RadCnn.Architecture.Tests;

/// <summary>
/// Which of an assembly's own types each of its types uses, read from metadata and IL without loading
/// it: base types and interfaces, field, method and local signatures, and every type, method and field
/// token in method bodies (calls, object creation, field access, casts, typeof). Compiler-generated
/// nested types (closures, async state machines) count for their outer type.
/// </summary>
internal static class TypeDependencies
{
    /// <summary>Edges (user, used) between the full names of outermost types of the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlySet<(string User, string Used)> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var edges = new HashSet<(string, string)>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var user = IlMetadata.OuterName(metadata, handle);
            var used = new HashSet<TypeDefinitionHandle>();
            var collector = new Collector(used);
            var type = metadata.GetTypeDefinition(handle);
            AddType(metadata, type.BaseType, collector);
            foreach (var i in type.GetInterfaceImplementations())
            {
                AddType(metadata, metadata.GetInterfaceImplementation(i).Interface, collector);
            }

            foreach (var f in type.GetFields())
            {
                metadata.GetFieldDefinition(f).DecodeSignature(collector, null);
            }

            foreach (var m in type.GetMethods())
            {
                var method = metadata.GetMethodDefinition(m);
                method.DecodeSignature(collector, null);
                if (method.RelativeVirtualAddress != 0)
                {
                    var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil)
                    {
                        metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(collector, null);
                    }

                    try
                    {
                        ScanIl(metadata, body.GetILBytes()!, collector);
                    }
                    catch (BadImageFormatException e)
                    {
                        throw new BadImageFormatException($"{IlMetadata.OuterName(metadata, handle)}.{metadata.GetString(method.Name)}: {e.Message}", e);
                    }
                }
            }

            foreach (var target in used)
            {
                var name = IlMetadata.OuterName(metadata, target);
                if (name != user)
                {
                    edges.Add((user, name));
                }
            }
        }

        return edges;
    }

    private static void ScanIl(MetadataReader metadata, byte[] il, Collector collector)
    {
        foreach (var (_, token) in IlMetadata.Tokens(il))
        {
            AddToken(metadata, token, collector);
        }
    }

    private static void AddToken(MetadataReader metadata, EntityHandle handle, Collector collector)
    {
        if (MetadataTokens.GetRowNumber(handle) is var row && (row < 1 || row > metadata.GetTableRowCount(TableOf(handle.Kind))))
        {
            throw new BadImageFormatException($"token 0x{MetadataTokens.GetToken(handle):X8} is outside its table: the IL was misread");
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition or HandleKind.TypeSpecification:
                AddType(metadata, handle, collector);
                break;
            case HandleKind.MethodDefinition:
                collector.Used.Add(metadata.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                collector.Used.Add(metadata.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                var member = metadata.GetMemberReference((MemberReferenceHandle)handle);
                AddType(metadata, member.Parent, collector);
                break;
            case HandleKind.MethodSpecification:
                var specification = metadata.GetMethodSpecification((MethodSpecificationHandle)handle);
                AddToken(metadata, specification.Method, collector);
                specification.DecodeSignature(collector, null);
                break;
        }
    }

    private static TableIndex TableOf(HandleKind kind) => kind switch
    {
        HandleKind.TypeDefinition => TableIndex.TypeDef,
        HandleKind.TypeReference => TableIndex.TypeRef,
        HandleKind.TypeSpecification => TableIndex.TypeSpec,
        HandleKind.MethodDefinition => TableIndex.MethodDef,
        HandleKind.FieldDefinition => TableIndex.Field,
        HandleKind.MemberReference => TableIndex.MemberRef,
        HandleKind.MethodSpecification => TableIndex.MethodSpec,
        _ => throw new BadImageFormatException($"a {kind} token where IL names a type, method or field: the IL was misread"),
    };

    private static void AddType(MetadataReader metadata, EntityHandle handle, Collector collector)
    {
        if (handle.IsNil)
        {
            return; // no base type (interfaces, <Module>)
        }

        if (handle.Kind == HandleKind.TypeDefinition)
        {
            collector.Used.Add((TypeDefinitionHandle)handle);
        }
        else if (handle.Kind == HandleKind.TypeSpecification)
        {
            metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(collector, null);
        }
    }

    /// <summary>Records every type definition of this assembly a signature names (generic arguments included).</summary>
    private sealed class Collector(HashSet<TypeDefinitionHandle> used) : ISignatureTypeProvider<object?, object?>
    {
        public HashSet<TypeDefinitionHandle> Used => used;

        public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            used.Add(handle);
            return null;
        }

        public object? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => null;

        public object? GetArrayType(object? elementType, ArrayShape shape) => null;

        public object? GetByReferenceType(object? elementType) => null;

        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;

        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;

        public object? GetGenericMethodParameter(object? genericContext, int index) => null;

        public object? GetGenericTypeParameter(object? genericContext, int index) => null;

        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;

        public object? GetPinnedType(object? elementType) => null;

        public object? GetPointerType(object? elementType) => null;

        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;

        public object? GetSZArrayType(object? elementType) => null;
    }
}
