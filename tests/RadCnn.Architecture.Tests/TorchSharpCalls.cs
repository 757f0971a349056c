using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace RadCnn.Architecture.Tests;

/// <summary>
/// Every call an assembly's method bodies make into TorchSharp (call, callvirt, newobj, ldftn), read from
/// metadata and IL without loading it, with the callee's declaring type, name and parameter types, so an
/// overload (<c>Tensor * Tensor</c> against <c>Tensor * double</c>) can be told apart.
/// </summary>
internal static class TorchSharpCalls
{
    /// <summary>A call from <paramref name="Caller"/> (namespace.Type.Method, compiler-generated closures under their outer type).</summary>
    public sealed record Call(string Caller, string Type, string Name, IReadOnlyList<string> Parameters, string ReturnType = "")
    {
        public override string ToString() => $"{Caller} calls {Type}::{Name}({string.Join(", ", Parameters)})";
    }

    public static IReadOnlyList<Call> Read(string path) => Read(path, "TorchSharp.");

    /// <summary>Every call into types whose full name starts with <paramref name="typePrefix"/> ("System.", "TorchSharp.").</summary>
    public static IReadOnlyList<Call> Read(string path, string typePrefix)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var names = new TypeNames();
        var calls = new List<Call>();
        foreach (var body in Bodies(pe, metadata))
        {
            foreach (var (kind, token) in IlMetadata.Tokens(body.Il))
            {
                if (kind == OperandType.InlineMethod && Describe(metadata, names, token) is { } callee && callee.Type.StartsWith(typePrefix, StringComparison.Ordinal))
                {
                    calls.Add(callee with { Caller = body.Caller });
                }
            }
        }

        return calls;
    }

    /// <summary>
    /// A method body that runs without a dispose scope of its own making: an async method's (its state machine's MoveNext,
    /// <see cref="Async"/>) or a synchronous method of the same assembly that such a body calls, directly or through others
    /// that open none either. Each call it makes into TorchSharp comes with the opcode of the instruction after it.
    /// </summary>
    public sealed record ScopelessBody(string Caller, bool Async, IReadOnlyList<(Call Call, short Next)> Calls);

    /// <summary>
    /// Every async method body of the assembly at <paramref name="path"/> that opens no dispose scope (compiler-generated state
    /// machines: a nested type with a <c>&lt;&gt;t__builder</c> field), and every method of the assembly they reach by direct
    /// calls through methods that open none.
    /// </summary>
    public static IReadOnlyList<ScopelessBody> ReadScopelessBodies(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var names = new TypeNames();
        var bodies = new Dictionary<MethodDefinitionHandle, (string Caller, bool Async, bool OpensScope, List<(Call, short)> Calls, List<MethodDefinitionHandle> Callees)>();
        foreach (var body in Bodies(pe, metadata))
        {
            var instructions = IlMetadata.Instructions(body.Il).ToList();
            var calls = new List<(Call, short)>();
            var callees = new List<MethodDefinitionHandle>();
            for (var k = 0; k < instructions.Count; k++)
            {
                if (instructions[k] is not { Kind: OperandType.InlineMethod, Token: { } token } || instructions[k].Code == 0x73 /* newobj */)
                {
                    continue;
                }

                // A same-assembly method is followed whether it is called here or made into a delegate (ldftn: a lambda or
                // local function, which may run wherever the delegate is called); a TorchSharp method's ldftn is no call.
                var isLdftn = instructions[k].Code == unchecked((short)0xFE06);
                if (Local(metadata, token) is { } local)
                {
                    callees.Add(local);
                }
                else if (!isLdftn && Describe(metadata, names, token) is { } callee && callee.Type.StartsWith("TorchSharp.", StringComparison.Ordinal))
                {
                    calls.Add((callee, k + 1 < instructions.Count ? instructions[k + 1].Code : (short)-1));
                }
            }

            var type = metadata.GetTypeDefinition(body.Type);
            var isAsync = metadata.GetString(metadata.GetMethodDefinition(body.Method).Name) == "MoveNext"
                && type.IsNested && type.GetFields().Any(f => metadata.GetString(metadata.GetFieldDefinition(f).Name) == "<>t__builder");
            bodies[body.Method] = (body.Caller, isAsync, calls.Any(c => c.Item1.Name == "NewDisposeScope"), calls, callees);
        }

        // From every scope-less async body, through direct calls to methods that open no scope either.
        var reached = new HashSet<MethodDefinitionHandle>();
        var pending = new Stack<MethodDefinitionHandle>(bodies.Where(b => b.Value.Async && !b.Value.OpensScope).Select(b => b.Key));
        while (pending.TryPop(out var next))
        {
            if (!bodies.TryGetValue(next, out var body) || body.OpensScope || !reached.Add(next))
            {
                continue;
            }

            foreach (var callee in body.Callees)
            {
                pending.Push(callee);
            }
        }

        return reached.Select(h => bodies[h]).Select(b => new ScopelessBody(b.Caller, b.Async, b.Calls)).ToList();
    }

    /// <summary>Every method of the assembly that has a body: its handle, its declaring type, its caller name (as <see cref="Call.Caller"/>) and its IL.</summary>
    private static IEnumerable<(MethodDefinitionHandle Method, TypeDefinitionHandle Type, string Caller, byte[] Il)> Bodies(PEReader pe, MetadataReader metadata)
    {
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            var outer = IlMetadata.OuterName(metadata, handle);
            foreach (var m in type.GetMethods())
            {
                var method = metadata.GetMethodDefinition(m);
                if (method.RelativeVirtualAddress != 0)
                {
                    yield return (m, handle, outer + "." + CallerName(metadata, type, method), pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!);
                }
            }
        }
    }

    private static MethodDefinitionHandle? Local(MetadataReader metadata, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.MethodDefinition => (MethodDefinitionHandle)handle,
        HandleKind.MethodSpecification => Local(metadata, metadata.GetMethodSpecification((MethodSpecificationHandle)handle).Method),
        _ => null,
    };

    // A lambda or local function (<Run>b__0_1, <Run>g__Local|2_0) is named after the method that holds it.
    private static string CallerName(MetadataReader metadata, TypeDefinition type, MethodDefinition method)
    {
        var name = metadata.GetString(method.Name);
        if (name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end)
        {
            return name[1..end];
        }

        // A closure class's or state machine's method: its outer type is named, the method is not.
        return type.IsNested && metadata.GetString(type.Name).StartsWith('<') && metadata.GetString(type.Name).IndexOf('>', StringComparison.Ordinal) is > 1 and var close
            ? metadata.GetString(type.Name)[1..close]
            : name;
    }

    private static Call? Describe(MetadataReader metadata, TypeNames names, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MemberReference:
                var member = metadata.GetMemberReference((MemberReferenceHandle)handle);
                if (member.GetKind() != MemberReferenceKind.Method)
                {
                    return null;
                }

                var type = member.Parent.Kind switch
                {
                    HandleKind.TypeReference => names.GetTypeFromReference(metadata, (TypeReferenceHandle)member.Parent, 0),
                    HandleKind.TypeSpecification => metadata.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(names, null),
                    _ => "",
                };
                var signature = member.DecodeMethodSignature(names, null);
                return new Call("", StripGenerics(type), metadata.GetString(member.Name), signature.ParameterTypes, signature.ReturnType);
            case HandleKind.MethodSpecification:
                return Describe(metadata, names, metadata.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            default:
                return null; // a method of the assembly itself
        }
    }

    private static string StripGenerics(string type) => type.IndexOf('<', StringComparison.Ordinal) is > 0 and var open ? type[..open] : type;

    /// <summary>Type names as C# metadata spells them: nested types with '/', primitives by their System name.</summary>
    private sealed class TypeNames : ISignatureTypeProvider<string, object?>
    {
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            var name = reader.GetString(type.Name);
            return type.IsNested ? GetTypeFromDefinition(reader, type.GetDeclaringType(), 0) + "/" + name : Qualified(reader.GetString(type.Namespace), name);
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            var name = reader.GetString(type.Name);
            return type.ResolutionScope.Kind == HandleKind.TypeReference
                ? GetTypeFromReference(reader, (TypeReferenceHandle)type.ResolutionScope, 0) + "/" + name
                : Qualified(reader.GetString(type.Namespace), name);
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;

        public string GetSZArrayType(string elementType) => elementType + "[]";

        private static string Qualified(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
    }
}
