using System.Diagnostics.Metrics;
namespace RadCnn.Dicom.Network.Listener;

/// <summary>
/// What the listener measures for operators: associations by outcome, and for each C-STORE the time
/// its data set took to arrive and the time from its last fragment to its response (parse check,
/// fsync, storage handler: the durable commit the sender waits for), by status. Tags carry outcomes
/// only, never AE titles, UIDs or addresses.
/// </summary>
internal sealed class ListenerMetrics : IDisposable
{
    public const string MeterName = "RadCnn.Dicom.Network";

    private readonly bool _ownsMeter;
    private readonly Counter<long> _associations;
    private readonly Histogram<double> _receive;
    private readonly Histogram<double> _commit;

    public ListenerMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _associations = Meter.CreateCounter<long>("radcnn.dicom.associations", "{association}", "Associations requested, by outcome (accepted, or the reason for the rejection).");
        _receive = Meter.CreateHistogram<double>("radcnn.dicom.store.receive.duration", "ms", "From a C-STORE data set's first fragment to its last.");
        _commit = Meter.CreateHistogram<double>("radcnn.dicom.store.commit.duration", "ms", "From a C-STORE data set's last fragment to its response being ready, by status.");
    }

    public Meter Meter { get; }

    public void Accepted() => _associations.Add(1, new KeyValuePair<string, object?>("outcome", "accepted"));

    public void Rejected(string reason) => _associations.Add(1, new("outcome", "rejected"), new("reason", reason));

    /// <summary>One C-STORE: how long its data set took to arrive, how long the commit took, and the response status in words ("success", "out of resources", ...).</summary>
    public void Stored(TimeSpan receive, TimeSpan commit, string status)
    {
        var tag = new KeyValuePair<string, object?>("status", status);
        _receive.Record(receive.TotalMilliseconds, tag);
        _commit.Record(commit.TotalMilliseconds, tag);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
