using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;

namespace RadCnn.Host.Telemetry;

/// <summary>
/// The pipeline's traces and metrics. Every work item is one trace: its W3C traceparent is kept in
/// the store, so ingest, assembly, routing, plugin, engine and output spans join it even across a
/// restart. Tags carry only hashed UIDs, plugin ids, modalities and counts, never patient data.
/// </summary>
internal static class PipelineTelemetry
{
    public const string SourceName = "RadCnn.Pipeline";

    public static readonly ActivitySource Source = new(SourceName, "1.0");

    public static readonly Meter Meter = new(SourceName, "1.0");

    public static readonly Counter<long> InstancesReceived = Meter.CreateCounter<long>("radcnn.instances.received", "{instance}", "Instances made durable, by source and outcome.");

    public static readonly Counter<long> ReportsReceived = Meter.CreateCounter<long>("radcnn.reports.received", "{report}", "Reports made durable, by format.");

    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("radcnn.inbox.rejected", "{file}", "Inbox files rejected, by inbox.");

    public static readonly Counter<long> WorkItemsUnrouted = Meter.CreateCounter<long>("radcnn.workitems.unrouted", "{item}", "Work items no rule or plugin took.");

    public static readonly Histogram<double> JobLatency = Meter.CreateHistogram<double>("radcnn.job.duration", "s", "Job wall time per plugin, from start to result written.");

    public static readonly Counter<long> JobFailures = Meter.CreateCounter<long>("radcnn.job.failures", "{attempt}", "Failed job attempts per plugin and whether the job died.");

    public static readonly Counter<long> FragileResults = Meter.CreateCounter<long>("radcnn.results.fragile", "{finding}", "Findings whose decision flips under the FGSM probe, per plugin.");

    public static readonly Counter<long> DeliveryFailures = Meter.CreateCounter<long>("radcnn.delivery.failures", "{delivery}", "Results that could not be forwarded to the PACS.");

    private static Func<long> s_queueDepth = () => 0;

    static PipelineTelemetry()
    {
        Meter.CreateObservableGauge("radcnn.queue.depth", () => s_queueDepth(), "{job}", "Jobs queued or awaiting retry.");
    }

    /// <summary>Where the queue depth gauge reads from (the runner's dispatcher).</summary>
    public static void ObserveQueueDepth(Func<long> depth) => s_queueDepth = depth;

    /// <summary>A UID as it may appear in telemetry: the first 16 hex digits of its SHA-256.</summary>
    public static string HashUid(string? uid) =>
        uid is null ? "" : Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(uid)))[..16];

    /// <summary>Starts a span of the work item's trace (<paramref name="traceParent"/> from the store).</summary>
    public static Activity? StartSpan(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        return Source.StartActivity(name, kind, parent);
    }
}
