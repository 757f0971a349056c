using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace RadCnn.Architecture.Tests;

/// <summary>
/// What the architecture checks read from an assembly without loading it: the instructions of a method body and
/// the metadata tokens its IL names (walked by operand size, so a token is never read from the middle of another
/// instruction) and a type's outermost name (closures and state machines count for the type that holds them).
/// </summary>
internal static class IlMetadata
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Every field, method, type or token operand of <paramref name="il"/>, with the kind of operand it is.</summary>
    public static IEnumerable<(OperandType Kind, EntityHandle Token)> Tokens(byte[] il) =>
        Instructions(il).Where(i => i.Token is not null).Select(i => (i.Kind, i.Token!.Value));

    /// <summary>Every instruction of <paramref name="il"/> in order: its opcode value, the kind of its operand and, for a field, method, type or token operand, the token.</summary>
    public static IEnumerable<(short Code, OperandType Kind, EntityHandle? Token)> Instructions(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            short code = il[i++];
            if (code == 0xFE)
            {
                code = (short)(0xFE00 | il[i++]);
            }

            var operand = Operands.TryGetValue(code, out var o) ? o : OperandType.InlineNone;
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    yield return (code, operand, MetadataTokens.EntityHandle(BitConverter.ToInt32(il, i)));
                    i += 4;
                    continue;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString or OperandType.ShortInlineR:
                    i += 4;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
            }

            yield return (code, operand, null);
        }
    }

    /// <summary>The namespace-qualified name of the outermost type that declares <paramref name="handle"/>.</summary>
    public static string OuterName(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            type = metadata.GetTypeDefinition(type.GetDeclaringType());
        }

        var ns = metadata.GetString(type.Namespace);
        return (ns.Length == 0 ? "" : ns + ".") + metadata.GetString(type.Name);
    }
}
