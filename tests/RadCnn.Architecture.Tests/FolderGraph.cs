namespace RadCnn.Architecture.Tests;

/// <summary>Cycles of a directed graph: its strongly connected components of more than one node (Tarjan).</summary>
internal static class FolderGraph
{
    /// <summary>
    /// Each tangle (nodes that all reach each other): its members, and one shortest cycle through its first
    /// member as a path (each node uses the next, the last the first).
    /// </summary>
    public static IReadOnlyList<(IReadOnlyList<string> Members, IReadOnlyList<string> Cycle)> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().Order(StringComparer.Ordinal).ToList());
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var to in next.GetValueOrDefault(node, []))
            {
                if (!index.ContainsKey(to))
                {
                    Visit(to);
                    low[node] = Math.Min(low[node], low[to]);
                }
                else if (stack.Contains(to))
                {
                    low[node] = Math.Min(low[node], index[to]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    components.Add(component);
                }
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        // Within a component, a shortest cycle through its first node (breadth-first) names the loop plainly.
        return [.. components.Select(c => ((IReadOnlyList<string>)[.. c.Order(StringComparer.Ordinal)], ShortestCycle(c.Order(StringComparer.Ordinal).First(), c.ToHashSet(), next)))];
    }

    private static IReadOnlyList<string> ShortestCycle(string start, HashSet<string> within, Dictionary<string, List<string>> next)
    {
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var to in next.GetValueOrDefault(node, []).Where(within.Contains))
            {
                if (to == start)
                {
                    var path = new List<string> { node };
                    while (path[^1] != start)
                    {
                        path.Add(previous[path[^1]]);
                    }

                    path.Reverse();
                    return path;
                }

                if (previous.TryAdd(to, node))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return [start];
    }
}
