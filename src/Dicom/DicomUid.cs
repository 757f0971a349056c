using System.Collections.Frozen;
using System.Numerics;

namespace RadCnn.Dicom;

/// <summary>
/// A unique identifier (PS3.5 9). Known UIDs (SOP classes, transfer syntaxes...) are generated static
/// properties with their standard name; any other string is a valid instance with type Unknown.
/// </summary>
public sealed partial class DicomUid : IEquatable<DicomUid>
{
    private DicomUid(string value, string name, DicomUidType type, bool isRetired, string keyword)
    {
        Value = value;
        Name = name;
        Type = type;
        IsRetired = isRetired;
        Keyword = keyword;
    }

    /// <summary>The dotted-decimal UID, without padding.</summary>
    public string Value { get; }

    /// <summary>Standard name ("CT Image Storage"), or the value itself where unknown.</summary>
    public string Name { get; }

    public DicomUidType Type { get; }

    public bool IsRetired { get; }

    /// <summary>Standard keyword ("CTImageStorage"), empty where unknown.</summary>
    public string Keyword { get; }

    /// <summary>The known UID with this value, or a new unknown one. Trailing NUL/space padding is removed.</summary>
    public static DicomUid Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.TrimEnd('\0', ' ');
        return Registry.ByValue.TryGetValue(trimmed, out var known)
            ? known
            : new DicomUid(trimmed, trimmed, DicomUidType.Unknown, false, string.Empty);
    }

    /// <summary>True for 1-64 characters of digits and dots with no empty or zero-led component.</summary>
    public static bool IsValid(string value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64)
        {
            return false;
        }

        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i == value.Length || value[i] == '.')
            {
                var len = i - start;
                if (len == 0 || (len > 1 && value[start] == '0'))
                {
                    return false;
                }

                start = i + 1;
            }
            else if (value[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new UID in the 2.25 form (PS3.5 B.2): the decimal value of a random version-4 UUID.</summary>
    public static DicomUid Generate() => FromUuid(Guid.NewGuid());

    /// <summary>The 2.25 UID of a given UUID (deterministic: the same UUID gives the same UID).</summary>
    public static DicomUid FromUuid(Guid uuid)
    {
        // Guid's byte layout is little-endian in its first three fields; the UUID's integer is big-endian.
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        var integer = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return new DicomUid("2.25." + integer.ToString(System.Globalization.CultureInfo.InvariantCulture), "Generated UID", DicomUidType.Unknown, false, string.Empty);
    }

    /// <summary>Every UID of the standard's table (PS3.6 Annex A).</summary>
    public static IEnumerable<DicomUid> KnownUids => Registry.ByValue.Values;

    public bool Equals(DicomUid? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DicomUid);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Value;

    public static bool operator ==(DicomUid? left, DicomUid? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(DicomUid? left, DicomUid? right) => !(left == right);

    private static DicomUid Known(string value) => Registry.ByValue[value];

    /// <summary>A nested holder so the table is parsed before any generated property is initialised.</summary>
    private static class Registry
    {
        internal static readonly FrozenDictionary<string, DicomUid> ByValue = Build();

        private static FrozenDictionary<string, DicomUid> Build()
        {
            var map = new Dictionary<string, DicomUid>(StringComparer.Ordinal);
            foreach (var line in Table.Split('\n'))
            {
                var f = line.Split('\t');
                if (f.Length < 5)
                {
                    continue;
                }

                map[f[0]] = new DicomUid(f[0], f[1], ParseType(f[2]), f[3] == "R", f[4]);
            }

            return map.ToFrozenDictionary(StringComparer.Ordinal);
        }

        private static DicomUidType ParseType(string type) => type switch
        {
            "Transfer Syntax" => DicomUidType.TransferSyntax,
            "SOP Class" => DicomUidType.SopClass,
            "Meta SOP Class" => DicomUidType.MetaSopClass,
            "Well-known SOP Instance" => DicomUidType.WellKnownSopInstance,
            "Well-known frame of reference" => DicomUidType.WellKnownFrameOfReference,
            "Coding Scheme" => DicomUidType.CodingScheme,
            "Application Context Name" => DicomUidType.ApplicationContextName,
            "Service Class" => DicomUidType.ServiceClass,
            "Application Hosting Model" => DicomUidType.ApplicationHostingModel,
            "Mapping Resource" => DicomUidType.MappingResource,
            "LDAP OID" => DicomUidType.LdapOid,
            "Synchronization Frame of Reference" => DicomUidType.SynchronizationFrameOfReference,
            _ => DicomUidType.Other,
        };
    }
}
