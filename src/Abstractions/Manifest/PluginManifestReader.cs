using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RadCnn.Abstractions.Engine;

namespace RadCnn.Abstractions.Manifest;

/// <summary>
/// Reads plugin.json into a <see cref="PluginManifest"/>, collecting every problem so an author fixes
/// them in one round rather than one per deployment.
/// </summary>
internal static partial class PluginManifestReader
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static PluginManifest Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ManifestDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<ManifestDocument>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new PluginManifestException($"{PluginManifest.FileName} is not valid JSON: {ex.Message}", ex);
        }

        if (doc is null)
        {
            throw new PluginManifestException($"{PluginManifest.FileName} is empty.");
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(doc.Id))
        {
            errors.Add("id: required.");
        }
        else if (doc.Id.Length > 64 || !IdPattern().IsMatch(doc.Id))
        {
            errors.Add($"id: '{doc.Id}' must be 1-64 lower-case letters and digits, with '.', '-' or '_' between them.");
        }

        PluginVersion? version = null;
        if (string.IsNullOrWhiteSpace(doc.Version))
        {
            errors.Add("version: required (a semantic version such as 1.2.0).");
        }
        else if (!PluginVersion.TryParse(doc.Version, out version))
        {
            errors.Add($"version: '{doc.Version}' is not a semantic version (major.minor.patch[-pre][+build]).");
        }

        if (string.IsNullOrWhiteSpace(doc.DisplayName))
        {
            errors.Add("displayName: required.");
        }

        if (string.IsNullOrWhiteSpace(doc.EntryAssembly))
        {
            errors.Add("entryAssembly: required (the plugin's main .dll).");
        }
        else if (!doc.EntryAssembly.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || !IsInsideFolder(doc.EntryAssembly))
        {
            errors.Add($"entryAssembly: '{doc.EntryAssembly}' must be a .dll path inside the plugin folder.");
        }

        Version? contract = null;
        if (string.IsNullOrWhiteSpace(doc.MinContractVersion))
        {
            errors.Add("minContractVersion: required (the RadCnn.Abstractions major.minor the plugin was built against).");
        }
        else if (!System.Version.TryParse(doc.MinContractVersion, out contract) || contract.Build > 0 || contract.Revision > 0)
        {
            errors.Add($"minContractVersion: '{doc.MinContractVersion}' must be major.minor, for example 1.0.");
        }

        var timeout = TimeSpan.FromMinutes(2);
        if (doc.TimeoutSeconds is { } seconds)
        {
            if (!double.IsFinite(seconds) || seconds <= 0 || seconds > MaxTimeout.TotalSeconds)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"timeoutSeconds: {seconds} must be above 0 and at most {MaxTimeout.TotalSeconds}."));
            }
            else
            {
                timeout = TimeSpan.FromSeconds(seconds);
            }
        }

        var priority = InferencePriority.Routine;
        if (doc.Priority is { } p && !Enum.TryParse(p, ignoreCase: true, out priority))
        {
            errors.Add($"priority: '{p}' must be stat, routine or background.");
        }

        var accepts = ReadAccepts(doc.Accepts, errors);
        var models = ReadModels(doc.Models, errors);

        if (errors.Count > 0)
        {
            throw new PluginManifestException(errors);
        }

        return new PluginManifest
        {
            Id = doc.Id!,
            Version = version!,
            DisplayName = doc.DisplayName!.Trim(),
            EntryAssembly = doc.EntryAssembly!,
            EntryType = string.IsNullOrWhiteSpace(doc.EntryType) ? null : doc.EntryType.Trim(),
            MinContractVersion = new Version(contract!.Major, contract.Minor),
            Accepts = accepts,
            Models = models,
            Timeout = timeout,
            Priority = priority,
        };
    }

    private static PluginAcceptRules ReadAccepts(AcceptsDocument? doc, List<string> errors)
    {
        if (doc is null)
        {
            errors.Add("accepts: required (modalities, sopClasses, bodyParts and/or reportKinds).");
            return new PluginAcceptRules();
        }

        var rules = new PluginAcceptRules
        {
            Modalities = Clean(doc.Modalities),
            SopClasses = Clean(doc.SopClasses),
            BodyParts = Clean(doc.BodyParts),
            ReportKinds = Clean(doc.ReportKinds),
        };
        if (rules.Modalities.Count == 0 && rules.SopClasses.Count == 0 && rules.ReportKinds.Count == 0)
        {
            errors.Add("accepts: names no modality, SOP class or report kind, so nothing would ever reach the plugin.");
        }

        foreach (var sop in rules.SopClasses.Where(s => !UidPattern().IsMatch(s)))
        {
            errors.Add($"accepts.sopClasses: '{sop}' is not a UID.");
        }

        return rules;
    }

    private static List<ModelFile> ReadModels(List<ModelDocument?>? docs, List<string> errors)
    {
        var models = new List<ModelFile>();
        for (var i = 0; i < (docs?.Count ?? 0); i++)
        {
            var m = docs![i];
            var where = string.Create(CultureInfo.InvariantCulture, $"models[{i}]");
            if (m is null || string.IsNullOrWhiteSpace(m.Name) || string.IsNullOrWhiteSpace(m.Path) || string.IsNullOrWhiteSpace(m.Sha256))
            {
                errors.Add($"{where}: name, path and sha256 are required.");
                continue;
            }

            if (!IsInsideFolder(m.Path))
            {
                errors.Add($"{where}: path '{m.Path}' must be relative and inside the plugin folder.");
            }

            if (!Sha256Pattern().IsMatch(m.Sha256))
            {
                errors.Add($"{where}: sha256 must be 64 hexadecimal digits.");
            }

            if (models.Any(x => x.Name == m.Name))
            {
                errors.Add($"{where}: name '{m.Name}' is used twice.");
            }

            models.Add(new ModelFile(m.Name, m.Path, m.Sha256));
        }

        return models;
    }

    private static string[] Clean(List<string?>? values) =>
        values?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray() ?? [];

    private static bool IsInsideFolder(string relative)
    {
        if (Path.IsPathRooted(relative) || relative.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        return relative.Split('/').All(part => part.Length > 0 && part != "." && part != "..");
    }

    [GeneratedRegex("^[a-z0-9]+([._-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex UidPattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    private sealed class ManifestDocument
    {
        public string? Id { get; set; }

        public string? Version { get; set; }

        public string? DisplayName { get; set; }

        public string? EntryAssembly { get; set; }

        public string? EntryType { get; set; }

        public string? MinContractVersion { get; set; }

        public AcceptsDocument? Accepts { get; set; }

        public List<ModelDocument?>? Models { get; set; }

        public double? TimeoutSeconds { get; set; }

        public string? Priority { get; set; }
    }

    private sealed class AcceptsDocument
    {
        public List<string?>? Modalities { get; set; }

        public List<string?>? SopClasses { get; set; }

        public List<string?>? BodyParts { get; set; }

        public List<string?>? ReportKinds { get; set; }
    }

    private sealed class ModelDocument
    {
        public string? Name { get; set; }

        public string? Path { get; set; }

        public string? Sha256 { get; set; }
    }
}
