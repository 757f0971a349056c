namespace RadCnn.Architecture.Tests;

/// <summary>
/// The folders of src/Host (one namespace each: Pipeline, Plugins, Queue, Web, ...) form no cycle: a
/// folder that uses another is never used back by it, directly or through others. Checked over the
/// built radcnn assembly's own type references (signatures and method bodies), so an import that
/// is unused does not count and a use without an import does. Sub-namespaces count for their folder
/// (Plugins.Isolation is Plugins); types of the root namespace (the entry point) are left out.
/// </summary>
public sealed class HostFolderCycleTests
{
    private const string Prefix = "RadCnn.Host.";

    [Fact]
    public void HostFoldersFormNoCycle()
    {
        var host = BuildOutputs.Source("Host", "radcnn");
        var edges = TypeDependencies.Read(host.Path)
            .Where(e => Folder(e.User) is not null && Folder(e.Used) is not null && Folder(e.User) != Folder(e.Used))
            .ToList();
        var cycles = FolderGraph.Cycles(edges.Select(e => (Folder(e.User)!, Folder(e.Used)!)));
        var described = cycles.Select(tangle =>
        {
            var (members, cycle) = tangle;
            // Every use inside the tangle, one example each: any of them may be the one to turn around.
            var inside = edges.Where(e => members.Contains(Folder(e.User)!) && members.Contains(Folder(e.Used)!))
                .GroupBy(e => (Folder(e.User), Folder(e.Used)))
                .Select(g => $"  {g.Key.Item1} → {g.Key.Item2} ({Short(g.First().User)} uses {Short(g.First().Used)}{(g.Count() > 1 ? $", and {g.Count() - 1} more" : "")})");
            return $"{string.Join(", ", members)} all reach each other, e.g. {string.Join(" → ", cycle.Append(cycle[0]))}\n" + string.Join("\n", inside.Order(StringComparer.Ordinal));
        });
        Assert.True(cycles.Count == 0, "src/Host's folders have cycles (docs/ARCHITECTURE.md: a folder depends on others one way):\n" + string.Join("\n", described));
    }

    [Fact]
    public void TheCheckFindsACycleWhereThereIsOne()
    {
        // The graph check itself, on a made-up graph: A → B → C → A and D → A.
        var cycles = FolderGraph.Cycles([("A", "B"), ("B", "C"), ("C", "A"), ("D", "A")]);
        var (members, cycle) = Assert.Single(cycles);
        Assert.Equal(["A", "B", "C"], members);
        Assert.Equal(["A", "B", "C"], cycle);
        Assert.Empty(FolderGraph.Cycles([("A", "B"), ("B", "C"), ("A", "C")]));
    }

    private static string? Folder(string type) =>
        type.StartsWith(Prefix, StringComparison.Ordinal) && type.IndexOf('.', Prefix.Length) is var end and > 0
            ? type[Prefix.Length..end]
            : null;

    private static string Short(string type) => type[Prefix.Length..];
}
