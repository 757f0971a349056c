using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace RadCnn.Abstractions.Tests.PublicApi;

/// <summary>
/// Writes an assembly's public surface (types, members, signatures with nullability) as sorted text,
/// one line per member, so that a diff of the approved file shows exactly what a change does to plugins.
/// </summary>
internal static class PublicApiWriter
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Write(Assembly assembly)
    {
        var text = new StringBuilder();
        text.Append("// Public API of ").Append(assembly.GetName().Name).Append(' ').Append(assembly.GetName().Version!.ToString(2)).Append('\n');
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append('\n').Append(TypeHeader(type)).Append('\n');
            foreach (var line in Members(type).Order(StringComparer.Ordinal))
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string TypeHeader(Type type)
    {
        var kind = type switch
        {
            { IsEnum: true } => "enum",
            { IsInterface: true } => "interface",
            { IsValueType: true } => IsRecord(type) ? "readonly record struct" : "struct",
            _ when IsRecord(type) => "record",
            { IsAbstract: true, IsSealed: true } => "static class",
            _ => "class",
        };
        var modifiers = type is { IsClass: true, IsSealed: true, IsAbstract: false } ? "sealed " : type is { IsClass: true, IsAbstract: true, IsSealed: false } ? "abstract " : string.Empty;
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(i => Name(i)).Where(n => !n.StartsWith("System.IEquatable<", StringComparison.Ordinal) || !IsRecord(type)).Order(StringComparer.Ordinal));
        return $"public {modifiers}{kind} {Name(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty);
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                yield return $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        var nullability = new NullabilityInfoContext();
        foreach (var member in type.GetMembers(Declared))
        {
            if (!IsVisible(member) || member.IsDefined(typeof(CompilerGeneratedAttribute)) && member is not MethodBase { Name: "<Clone>$" })
            {
                continue;
            }

            switch (member)
            {
                case ConstructorInfo c:
                    yield return $"{Access(c)}{Static(c)}ctor({Parameters(c, nullability)})";
                    break;
                case MethodInfo m when !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal):
                    var generic = m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
                    yield return $"{Access(m)}{Static(m)}{Virtual(m)}{Name(m.ReturnType, nullability.Create(m.ReturnParameter))} {m.Name}{generic}({Parameters(m, nullability)})";
                    break;
                case PropertyInfo p:
                    var getter = p.GetMethod is { } g && IsVisible(g) ? "get; " : string.Empty;
                    var setter = p.SetMethod is { } s && IsVisible(s)
                        ? (s.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) ? "init; " : "set; ")
                        : string.Empty;
                    var accessor = (p.GetMethod ?? p.SetMethod)!;
                    var required = p.IsDefined(typeof(RequiredMemberAttribute)) ? "required " : string.Empty;
                    var indexer = p.GetIndexParameters() is { Length: > 0 } ip ? "this[" + string.Join(", ", ip.Select(x => Name(x.ParameterType) + " " + x.Name)) + "]" : p.Name;
                    yield return $"{Access(accessor)}{Static(accessor)}{Virtual(accessor)}{required}{Name(p.PropertyType, nullability.Create(p))} {indexer} {{ {getter}{setter}}}";
                    break;
                case FieldInfo f:
                    var value = f.IsLiteral ? " = " + f.GetRawConstantValue() : string.Empty;
                    yield return $"{(f.IsPublic ? "public " : "protected ")}{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{(f.IsInitOnly ? "readonly " : string.Empty)}{Name(f.FieldType, nullability.Create(f))} {f.Name}{value}";
                    break;
                case EventInfo e:
                    yield return $"event {Name(e.EventHandlerType!)} {e.Name}";
                    break;
                case Type nested:
                    yield return "nested " + TypeHeader(nested);
                    break;
            }
        }
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null || (type.IsValueType && type.GetMethod("PrintMembers", Declared) is not null);

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => new[] { p.GetMethod, p.SetMethod }.Any(a => a is not null && IsVisible(a)),
        EventInfo e => e.AddMethod is { } add && IsVisible(add),
        Type t => t.IsNestedPublic || t.IsNestedFamily,
        _ => false,
    };

    private static string Access(MethodBase m) => m.IsPublic ? "public " : "protected ";

    private static string Static(MethodBase m) => m.IsStatic ? "static " : string.Empty;

    private static string Virtual(MethodBase m) =>
        m.DeclaringType!.IsInterface ? (m.IsAbstract ? string.Empty : "default ")
        : m.IsAbstract ? "abstract "
        : m is MethodInfo mi && mi.GetBaseDefinition() != mi ? "override "
        : m.IsVirtual && !m.IsFinal ? "virtual "
        : string.Empty;

    private static string Parameters(MethodBase method, NullabilityInfoContext nullability) =>
        string.Join(", ", method.GetParameters().Select(p =>
            $"{(p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty)}{Name(p.ParameterType, nullability.Create(p))} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)}"));

    private static string Name(Type type, NullabilityInfo? info = null)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!, info?.ElementType ?? info);
        }

        var nullable = info is { ReadState: NullabilityState.Nullable } && !type.IsValueType ? "?" : string.Empty;
        if (type.IsGenericParameter)
        {
            return type.Name + nullable;
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!, info?.ElementType) + "[]" + nullable;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        var baseName = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : $"{type.Namespace}.{type.Name}";
        if (!type.IsGenericType)
        {
            return baseName + nullable;
        }

        var args = type.GetGenericArguments();
        var argInfos = info?.GenericTypeArguments;
        var names = args.Select((a, i) => Name(a, argInfos is { Length: > 0 } && i < argInfos.Length ? argInfos[i] : null));
        return baseName[..baseName.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", names) + ">" + nullable;
    }
}
