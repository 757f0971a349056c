using System.Globalization;
using System.Text.RegularExpressions;
using RadCnn.Host.Store;

namespace RadCnn.Host.Routing;

/// <summary>
/// Chooses the plugins for a work item: the configured rules pick plugins and a priority, and each
/// plugin's own accept list must take the item as well. A plugin chosen by several rules runs once,
/// at the most urgent of their priorities.
/// </summary>
internal sealed class Router
{
    private readonly IReadOnlyList<CompiledRule> _rules;

    public Router(RoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules = options.Rules.Count == 0
            ? [new CompiledRule(new RoutingRule { Name = "(default: every accepting plugin)" }, null, MatchesAnyKind: true)]
            : options.Rules.Select(r => new CompiledRule(
                r,
                string.IsNullOrWhiteSpace(r.SeriesDescriptionPattern)
                    ? null
                    : new Regex(r.SeriesDescriptionPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)),
                MatchesAnyKind: false)).ToList();
    }

    public RoutingDecision Route(RoutableItem item, IReadOnlyList<RoutablePlugin> plugins)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(plugins);
        var chosen = new Dictionary<string, JobRequest>(StringComparer.OrdinalIgnoreCase);
        var matchedRules = 0;
        var namedButMissing = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var declined = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in _rules.Where(r => r.Matches(item)))
        {
            matchedRules++;
            var wanted = rule.Rule.Plugins.Count == 0 || rule.Rule.Plugins.Contains("*")
                ? plugins
                : plugins.Where(p => rule.Rule.Plugins.Contains(p.Id, StringComparer.OrdinalIgnoreCase)).ToList();
            foreach (var name in rule.Rule.Plugins.Where(n => n != "*" && !plugins.Any(p => string.Equals(p.Id, n, StringComparison.OrdinalIgnoreCase))))
            {
                namedButMissing.Add(name);
            }

            foreach (var plugin in wanted)
            {
                var key = plugin.Id + "@" + plugin.Version;
                if (plugin.DeclineReason(item) is { } why)
                {
                    declined[key] = $"declined by {plugin.Id} {plugin.Version}: {why}";
                    continue;
                }

                var priority = ParsePriority(rule.Rule.Priority) ?? plugin.DefaultPriority;
                if (!chosen.TryGetValue(key, out var existing) || priority < existing.Priority)
                {
                    chosen[key] = new JobRequest(plugin.Id, plugin.Version, priority);
                }
            }
        }

        string[] declines = [.. declined.Values];
        if (chosen.Count > 0)
        {
            return new RoutingDecision([.. chosen.Values.OrderBy(j => j.Priority).ThenBy(j => j.PluginId, StringComparer.Ordinal)], null) { Declines = declines };
        }

        var what = item.Kind == WorkItemKind.Report
            ? $"report kind '{item.ReportKind}'"
            : $"series of modality '{item.Modality}', body part '{item.BodyPart}', SOP class {item.SopClassUid}";
        string reason = matchedRules == 0
            ? $"no routing rule matched the {what}"
            : namedButMissing.Count > 0 && plugins.Count == 0
                ? $"rules matched but no plugin is loaded ({string.Join(", ", namedButMissing)} named)"
                : namedButMissing.Count > 0
                    ? $"rules matched; named plugins not loaded: {string.Join(", ", namedButMissing)}; no loaded plugin accepts the {what}"
                    : $"rules matched but no loaded plugin accepts the {what}";
        if (declines.Length > 0)
        {
            reason += "; " + string.Join("; ", declines);
        }

        return new RoutingDecision([], reason) { Declines = declines };
    }

    public static int? ParsePriority(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "stat" => 0,
        "routine" => 1,
        "background" => 2,
        var other when int.TryParse(other, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => Math.Clamp(n, 0, 2),
        _ => throw new FormatException($"unknown priority '{text}' (stat, routine or background)"),
    };

    private sealed record CompiledRule(RoutingRule Rule, Regex? Description, bool MatchesAnyKind)
    {
        public bool Matches(RoutableItem item)
        {
            if (MatchesAnyKind)
            {
                return true;
            }

            if (item.Kind == WorkItemKind.Report)
            {
                return Rule.ReportKinds.Count > 0 && In(Rule.ReportKinds, item.ReportKind) && In(Rule.CallingAeTitles, item.CallingAe);
            }

            return Rule.ReportKinds.Count == 0
                && In(Rule.Modalities, item.Modality)
                && In(Rule.BodyParts, item.BodyPart)
                && In(Rule.SopClasses, item.SopClassUid)
                && In(Rule.CallingAeTitles, item.CallingAe)
                && (Description is null || (item.SeriesDescription is { } d && Description.IsMatch(d)));
        }

        private static bool In(List<string> values, string? value) =>
            values.Count == 0 || values.Contains("*") || (value is not null && values.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase));
    }
}
