using System.Diagnostics.Tracing;

namespace Fixture.Greedy;

/// <summary>
/// Counts the garbage collections something in this process asked for (GC.Collect): the runtime's GCStart events
/// whose reason is one of the induced ones. The fixture never collects itself, so a count above zero is the host's.
/// </summary>
internal sealed class InducedCollections : EventListener
{
    // GCStart reasons: 1 induced, 7 induced (not forced), 10 induced compacting, 17 induced aggressive.
    private static readonly HashSet<uint> InducedReasons = [1, 7, 10, 17];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1); // the GC keyword
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCStart", StringComparison.Ordinal) == true
            && eventData.PayloadNames?.IndexOf("Reason") is >= 0 and var at
            && eventData.Payload?[at] is uint reason
            && InducedReasons.Contains(reason))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
