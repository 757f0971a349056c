using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RadCnn.Host.Hosting;
using RadCnn.Host.Plugins;

namespace RadCnn.Host.Cli;

/// <summary>
/// `radcnn plugins`: the operator's view of the plugins directory. Shows the running service's live
/// states (active, draining, unloaded, failed) when one is running on the data directory, and
/// otherwise checks every folder offline (manifest, SHA-256 of model files, contract, entry type).
/// Cluster nodes sharing the data directory each report their own view (`--node` picks one; without it
/// the single service's, else the first live node's by id).
/// </summary>
internal sealed class PluginsCommand : ICliCommand
{
    public Command Create()
    {
        var pluginsDir = new Option<string?>("--plugins-dir") { Description = "The plugins directory (default <data dir>/plugins)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "The service's data directory (default ./var), where a running service reports its live view." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var node = new Option<string?>("--node") { Description = "In a cluster: the node whose live view to show (default: the first live node by id)." };
        var command = new Command("plugins", "List plugins: id, version, state (active, draining, failed with reason), accepted inputs, models.")
        {
            pluginsDir,
            dataDir,
            json,
            node,
        };
        command.SetAction(parse =>
        {
            var data = Path.GetFullPath(parse.GetValue(dataDir) ?? "var");
            var chosen = parse.GetValue(pluginsDir);
            var directory = Path.GetFullPath(chosen ?? Path.Combine(data, "plugins"));
            // Without a chosen directory the service installs the shipped plugins at start: show them as it will load them.
            var report = BuildReport(directory, data, chosen is null ? ShippedPlugins.FromEnvironment() : null, parse.GetValue(node));
            var output = parse.InvocationConfiguration.Output;
            output.Write(parse.GetValue(json) ? JsonSerializer.Serialize(report, PluginStatusFile.Json) + Environment.NewLine : FormatTable(report));
            return report.Plugins.Any(p => p.State == "failed") ? 2 : 0;
        });
        return command;
    }

    internal static PluginsReport BuildReport(string pluginsDirectory, string dataDirectory, string? shippedDirectory = null, string? nodeId = null)
    {
        var live = PluginStatusFile.ReadAllLive(PipelinePaths.For(dataDirectory))
            .FirstOrDefault(s => (nodeId is null || string.Equals(s.NodeId, nodeId, StringComparison.Ordinal))
                && string.Equals(s.PluginsDirectory.TrimEnd('/'), pluginsDirectory.TrimEnd('/'), StringComparison.Ordinal));
        if (live is not null)
        {
            return new PluginsReport("live", pluginsDirectory, live.WrittenAt, live.Plugins) { Node = live.NodeId };
        }

        var plugins = (Directory.Exists(pluginsDirectory) ? PluginInspector.Inspect(pluginsDirectory) : []).ToList();
        if (shippedDirectory is not null)
        {
            var pending = ShippedPlugins.Compare(shippedDirectory, pluginsDirectory)
                .Where(s => s.Action is ShippedPluginAction.Install or ShippedPluginAction.Update)
                .Select(s => s.Name)
                .ToHashSet(StringComparer.Ordinal);
            plugins.RemoveAll(p => pending.Contains(Path.GetFileName(p.Folder)));
            plugins.AddRange(PluginInspector.Inspect(shippedDirectory)
                .Where(p => pending.Contains(Path.GetFileName(p.Folder)))
                .Select(p => p.State == "ready"
                    ? p with { State = "shipped", Reason = "shipped with RadCnn; installed and loaded when the service starts" }
                    : p));
        }

        return new PluginsReport("offline", pluginsDirectory, null, [.. plugins.OrderBy(p => p.Id, StringComparer.Ordinal).ThenBy(p => p.Folder, StringComparer.Ordinal)]);
    }

    internal static string FormatTable(PluginsReport report)
    {
        var text = new StringBuilder();
        var source = report.Source != "live" ? "offline check; no service running"
            : report.Node is null ? "live view of the running service" : $"live view of cluster node {report.Node}";
        text.Append(CultureInfo.InvariantCulture, $"plugins directory: {report.PluginsDirectory} ({source})\n");
        if (report.Plugins.Count == 0)
        {
            text.Append("no plugins\n");
            return text.ToString();
        }

        var rows = report.Plugins.Select(p => new[]
        {
            p.Id,
            p.Version ?? "?",
            p.State,
            Accepts(p),
            p.Models.Count == 0 ? "-" : string.Join(",", p.Models),
            p.Reason ?? string.Empty,
        }).ToList();
        string[] header = ["ID", "VERSION", "STATE", "ACCEPTS", "MODELS", "REASON"];
        var widths = header.Select((h, i) => Math.Min(48, rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < row.Length; i++)
            {
                var cell = i < row.Length - 1 && row[i].Length > widths[i] ? row[i][..(widths[i] - 1)] + "…" : row[i];
                text.Append(i < row.Length - 1 ? cell.PadRight(widths[i] + 2) : cell);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Accepts(PluginStatus p)
    {
        var parts = new List<string>();
        if (p.Modalities.Count > 0)
        {
            parts.Add(string.Join("/", p.Modalities));
        }

        if (p.BodyParts.Count > 0)
        {
            parts.Add(string.Join("/", p.BodyParts));
        }

        if (p.SopClasses.Count > 0)
        {
            parts.Add($"{p.SopClasses.Count} SOP class(es)");
        }

        if (p.ReportKinds.Count > 0)
        {
            parts.Add("reports:" + string.Join("/", p.ReportKinds));
        }

        return parts.Count == 0 ? "-" : string.Join(" ", parts);
    }

    internal sealed record PluginsReport(string Source, string PluginsDirectory, DateTimeOffset? WrittenAt, IReadOnlyList<PluginStatus> Plugins)
    {
        /// <summary>The cluster node whose live view this is; null for a single service or an offline check.</summary>
        public string? Node { get; init; }
    }
}
