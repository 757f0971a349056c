using RadCnn.Engine.Models;

namespace RadCnn.Engine.Scheduling;

/// <summary>One model's waiting requests, one FIFO list per priority. Guarded by the scheduler's lock.</summary>
internal sealed class ModelQueue
{
    private readonly LinkedList<WorkItem>[] _byPriority = [new(), new(), new()];

    public ModelQueue(RegisteredModel model) => Model = model;

    public RegisteredModel Model { get; }

    /// <summary>True while one of this model's batches runs: a model runs one batch at a time.</summary>
    public bool Running { get; set; }

    public int Count { get; private set; }

    public void Add(WorkItem item)
    {
        item.Node = _byPriority[(int)item.Priority].AddLast(item);
        Count++;
    }

    public void Remove(WorkItem item)
    {
        if (item.Node is { List: not null } node)
        {
            node.List.Remove(node);
            item.Node = null;
            Count--;
        }
    }

    /// <summary>The request that should run next: highest priority, then first come.</summary>
    public WorkItem? Head => _byPriority.Select(l => l.First?.Value).FirstOrDefault(i => i is not null);

    /// <summary>When the longest-waiting request was submitted.</summary>
    public long OldestEnqueuedAt => _byPriority.Where(l => l.First is not null).Min(l => l.First!.Value.EnqueuedAt);

    /// <summary>
    /// Takes the next batch: in priority then arrival order, up to <paramref name="max"/> inference
    /// requests, or a single probe or explanation (those need gradients and are never batched).
    /// </summary>
    public List<WorkItem> TakeBatch(int max)
    {
        var batch = new List<WorkItem>();
        foreach (var list in _byPriority)
        {
            var node = list.First;
            while (node is not null && batch.Count < max)
            {
                var item = node.Value;
                if (item.Kind != WorkKind.Infer)
                {
                    if (batch.Count == 0)
                    {
                        Remove(item);
                        batch.Add(item);
                    }

                    return batch;
                }

                node = node.Next;
                Remove(item);
                batch.Add(item);
            }
        }

        return batch;
    }

    public IEnumerable<WorkItem> All => _byPriority.SelectMany(l => l);
}
