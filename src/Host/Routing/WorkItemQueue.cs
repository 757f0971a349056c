using System.Threading.Channels;

namespace RadCnn.Host.Routing;

/// <summary>
/// Work item ids from the assembler and the report inbox to routing. Bounded: a burst waits here
/// rather than growing memory. Losing it loses nothing: at start-up every received, unrouted item is re-read from the store.
/// </summary>
internal sealed class WorkItemQueue
{
    private readonly Channel<long> _channel = Channel.CreateBounded<long>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<long> Reader => _channel.Reader;

    public ValueTask EnqueueAsync(long workItemId, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(workItemId, cancellationToken);
}
