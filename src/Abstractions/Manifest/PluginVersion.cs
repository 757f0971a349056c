using System.Globalization;

namespace RadCnn.Abstractions.Manifest;

/// <summary>A Semantic Versioning 2.0 version (major.minor.patch[-pre.release][+build]), ordered by SemVer precedence.</summary>
public sealed class PluginVersion : IComparable<PluginVersion>, IEquatable<PluginVersion>
{
    private PluginVersion(int major, int minor, int patch, string preRelease, string build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = preRelease;
        Build = build;
    }

    /// <summary>Major version: incompatible changes.</summary>
    public int Major { get; }

    /// <summary>Minor version: compatible additions.</summary>
    public int Minor { get; }

    /// <summary>Patch version: fixes.</summary>
    public int Patch { get; }

    /// <summary>Pre-release identifiers without the '-', or empty.</summary>
    public string PreRelease { get; }

    /// <summary>Build metadata without the '+', or empty; ignored in comparisons.</summary>
    public string Build { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">Not a SemVer 2.0 version.</exception>
    public static PluginVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a semantic version (major.minor.patch[-pre][+build]).");

    /// <summary>Parses <paramref name="text"/>; false when it is not a SemVer 2.0 version.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PluginVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var build = string.Empty;
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            build = text[(plus + 1)..];
            text = text[..plus];
            if (!ValidIdentifiers(build, numericRule: false))
            {
                return false;
            }
        }

        var preRelease = string.Empty;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            preRelease = text[(dash + 1)..];
            text = text[..dash];
            if (!ValidIdentifiers(preRelease, numericRule: true))
            {
                return false;
            }
        }

        var parts = text.Split('.');
        if (parts.Length != 3 || !ParseCore(parts[0], out var major) || !ParseCore(parts[1], out var minor) || !ParseCore(parts[2], out var patch))
        {
            return false;
        }

        version = new PluginVersion(major, minor, patch, preRelease, build);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(PluginVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        c = c != 0 ? c : Minor.CompareTo(other.Minor);
        c = c != 0 ? c : Patch.CompareTo(other.Patch);
        return c != 0 ? c : ComparePreRelease(PreRelease, other.PreRelease);
    }

    /// <inheritdoc />
    public bool Equals(PluginVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PluginVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, PreRelease);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}")
        + (PreRelease.Length > 0 ? "-" + PreRelease : string.Empty)
        + (Build.Length > 0 ? "+" + Build : string.Empty);

    /// <summary>SemVer equality (build metadata ignored).</summary>
    public static bool operator ==(PluginVersion? left, PluginVersion? right) => left is null ? right is null : left.Equals(right);

    /// <summary>SemVer inequality.</summary>
    public static bool operator !=(PluginVersion? left, PluginVersion? right) => !(left == right);

    /// <summary>SemVer precedence.</summary>
    public static bool operator <(PluginVersion? left, PluginVersion? right) => Compare(left, right) < 0;

    /// <summary>SemVer precedence.</summary>
    public static bool operator >(PluginVersion? left, PluginVersion? right) => Compare(left, right) > 0;

    /// <summary>SemVer precedence.</summary>
    public static bool operator <=(PluginVersion? left, PluginVersion? right) => Compare(left, right) <= 0;

    /// <summary>SemVer precedence.</summary>
    public static bool operator >=(PluginVersion? left, PluginVersion? right) => Compare(left, right) >= 0;

    private static int Compare(PluginVersion? left, PluginVersion? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static bool ParseCore(string s, out int value)
    {
        value = 0;
        return s.Length > 0 && (s.Length == 1 || s[0] != '0') && s.All(char.IsAsciiDigit)
            && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool ValidIdentifiers(string s, bool numericRule) =>
        s.Length > 0 && s.Split('.').All(id =>
            id.Length > 0 && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-')
            && (!numericRule || !(id.Length > 1 && id[0] == '0' && id.All(char.IsAsciiDigit))));

    // SemVer 2.0 §11: a version without pre-release ranks above one with; identifiers compare
    // numerically when both are numeric, numeric ranks below alphanumeric, shorter list ranks lower.
    private static int ComparePreRelease(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return (a.Length == 0 ? 1 : 0) - (b.Length == 0 ? 1 : 0);
        }

        var xs = a.Split('.');
        var ys = b.Split('.');
        for (var i = 0; i < Math.Min(xs.Length, ys.Length); i++)
        {
            var xNum = long.TryParse(xs[i], NumberStyles.None, CultureInfo.InvariantCulture, out var xn);
            var yNum = long.TryParse(ys[i], NumberStyles.None, CultureInfo.InvariantCulture, out var yn);
            var c = (xNum, yNum) switch
            {
                (true, true) => xn.CompareTo(yn),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(xs[i], ys[i]),
            };
            if (c != 0)
            {
                return Math.Sign(c);
            }
        }

        return xs.Length.CompareTo(ys.Length);
    }
}
