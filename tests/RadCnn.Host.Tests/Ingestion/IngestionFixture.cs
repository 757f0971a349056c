using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RadCnn.Host.Ingestion;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Routing;
using RadCnn.Host.SeriesAssembly;
using RadCnn.Host.Store;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Ingestion;

/// <summary>A store, spool, assembler and ingestors over a temporary data directory, on a fake clock.</summary>
internal sealed class IngestionFixture : IDisposable
{
    public IngestionFixture(long reserveMegabytes = 0)
    {
        Store = new SqliteJobStore(Dir.Combine("db", "radcnn.db"), Time);
        Spool = new Spool(Dir.Combine("spool"));
        Guard = new StorageGuard(Spool.Root, new StorageOptions { ReserveMegabytes = reserveMegabytes });
        Assembler = new SeriesAssembler(Store, new SeriesAssemblyOptions { QuietPeriodSeconds = 5 }, Time);
        Instances = new InstanceIngestor(Store, Spool, Guard, Assembler, Time, NullLogger<InstanceIngestor>.Instance);
        Reports = new ReportIngestor(Store, Spool, Guard, Queue, Time, NullLogger<ReportIngestor>.Instance);
    }

    public TempDirectory Dir { get; } = new("radcnn-ingest");

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    public SqliteJobStore Store { get; }

    public Spool Spool { get; }

    public StorageGuard Guard { get; }

    public SeriesAssembler Assembler { get; }

    public WorkItemQueue Queue { get; } = new();

    public InstanceIngestor Instances { get; }

    public ReportIngestor Reports { get; }

    public InboxOptions InboxOptions { get; } = new() { StableSeconds = 2 };

    public FolderInbox FolderInbox() =>
        new(new InboxFolder(Dir.Combine("inbox")), Instances, InboxOptions, Time, NullLogger<FolderInbox>.Instance);

    public ReportInbox ReportInbox() =>
        new(new InboxFolder(Dir.Combine("reports")), Reports, InboxOptions, Time, NullLogger<ReportInbox>.Instance);

    public void Dispose()
    {
        Store.Dispose();
        Dir.Dispose();
    }
}
