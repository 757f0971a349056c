using System.Globalization;
using Microsoft.AspNetCore.Http;
using RadCnn.Dicom;

namespace RadCnn.Host.Web.DicomWeb;

/// <summary>
/// A QIDO-RS search's query (PS3.18 8.3.4): attribute matches by keyword or tag, <c>limit</c>,
/// <c>offset</c>, <c>fuzzymatching</c> and <c>includefield</c> (tags, keywords or <c>all</c>).
/// Matching follows PS3.4 C.2.2.2: UIDs by list, dates and times by range, other strings by value
/// with the wildcards <c>*</c> and <c>?</c>, an empty value (universal) matches everything and asks
/// for the attribute. With <c>fuzzymatching=true</c> person names match without regard to case and
/// on any name component's beginning ("smi" finds "Smith^John"). A parameter that is none of these
/// is an error (400), not silently ignored.
/// </summary>
internal sealed class QidoQuery
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    private QidoQuery()
    {
    }

    public int Offset { get; private init; }

    public int Limit { get; private init; } = DefaultLimit;

    public bool Fuzzy { get; private init; }

    /// <summary><c>includefield=all</c>: every attribute of the header.</summary>
    public bool IncludeAll { get; private init; }

    /// <summary>Attributes to return beyond the level's defaults: asked for by includefield or matched on.</summary>
    public IReadOnlyList<DicomTag> IncludeFields { get; private init; } = [];

    public IReadOnlyList<(DicomTag Tag, string Value)> Matches { get; private init; } = [];

    /// <summary>The query, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static QidoQuery? Parse(IQueryCollection query, out string? error)
    {
        error = null;
        int offset = 0, limit = DefaultLimit;
        var fuzzy = false;
        var includeAll = false;
        var include = new List<DicomTag>();
        var matches = new List<(DicomTag, string)>();
        foreach (var (key, values) in query)
        {
            var value = values.ToString();
            switch (key.ToLowerInvariant())
            {
                case "offset":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
                    {
                        error = "offset must be a whole number of 0 or more";
                        return null;
                    }

                    break;
                case "limit":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
                    {
                        error = "limit must be a whole number of 1 or more";
                        return null;
                    }

                    limit = Math.Min(limit, MaxLimit);
                    break;
                case "fuzzymatching":
                    if (!bool.TryParse(value, out fuzzy))
                    {
                        error = "fuzzymatching must be true or false";
                        return null;
                    }

                    break;
                case "includefield":
                    foreach (var field in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                    {
                        if (field.Equals("all", StringComparison.OrdinalIgnoreCase))
                        {
                            includeAll = true;
                        }
                        else if (DicomTag.TryParse(field, out var tag))
                        {
                            include.Add(tag);
                        }
                        else
                        {
                            error = $"includefield: '{field}' is not a DICOM tag or keyword";
                            return null;
                        }
                    }

                    break;
                default:
                    if (!DicomTag.TryParse(key, out var matchTag))
                    {
                        error = $"'{key}' is not a DICOM attribute or a QIDO-RS parameter";
                        return null;
                    }

                    if (values.Count > 1)
                    {
                        error = $"{key} is given more than once";
                        return null;
                    }

                    matches.Add((matchTag, value));
                    include.Add(matchTag);
                    break;
            }
        }

        return new QidoQuery { Offset = offset, Limit = limit, Fuzzy = fuzzy, IncludeAll = includeAll, IncludeFields = include, Matches = matches };
    }

    /// <summary>Whether <paramref name="instance"/> matches every attribute of the query.</summary>
    public bool IsMatch(ResultInstance instance) => Matches.All(m => IsMatch(instance, m.Tag, m.Value));

    private bool IsMatch(ResultInstance instance, DicomTag tag, string query)
    {
        if (query.Length == 0 || query == "*")
        {
            return true; // universal matching
        }

        // Modalities in Study is a study's summary: an instance of that study matches by its own modality.
        var header = instance.Header;
        var matchTag = tag == DicomTag.ModalitiesInStudy ? DicomTag.Modality : tag;
        var vr = header.GetItem(matchTag)?.VR ?? DictionaryVr(matchTag);
        if (!header.TryGetString(matchTag, out var value))
        {
            return false;
        }

        var values = value.Split('\\');
        if (vr == DicomVR.UI || tag == DicomTag.ModalitiesInStudy)
        {
            var wanted = query.Split([',', '\\'], StringSplitOptions.TrimEntries);
            return values.Any(v => wanted.Contains(v.Trim(), StringComparer.Ordinal));
        }

        if ((vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT) && query.Contains('-', StringComparison.Ordinal))
        {
            var dash = query.IndexOf('-', StringComparison.Ordinal);
            var (from, to) = (query[..dash], query[(dash + 1)..]);
            return values.Any(v => (from.Length == 0 || string.CompareOrdinal(v.Trim(), from) >= 0) && (to.Length == 0 || string.CompareOrdinal(v.Trim(), to) <= 0));
        }

        if (Fuzzy && vr == DicomVR.PN)
        {
            var pattern = query.ToUpperInvariant();
            return values.Any(v =>
            {
                var name = v.Trim().ToUpperInvariant();
                return Wildcard(pattern, name) || name.Split(['^', '=', ' '], StringSplitOptions.RemoveEmptyEntries).Any(part => Wildcard(pattern.TrimEnd('*') + "*", part));
            });
        }

        return values.Any(v => Wildcard(query, v.Trim()));
    }

    private static DicomVR DictionaryVr(DicomTag tag) =>
        RadCnn.Dicom.Dictionary.DicomDictionary.TryLookup(tag, out var entry) ? entry.ValueRepresentation : DicomVR.UN;

    /// <summary>PS3.4 wildcard matching: <c>*</c> any run of characters, <c>?</c> one character, everything else as itself.</summary>
    public static bool Wildcard(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v]))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
