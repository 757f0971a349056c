using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RadCnn.Dicom.Network.Tests.Support;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Listener;

/// <summary>The listener's meter as an operator's collector sees it, fed by DCMTK peers.</summary>
public sealed class DicomListenerMetricsTests
{
    [Fact]
    public async Task Each_store_records_its_receive_and_commit_time_by_status_and_each_association_its_outcome()
    {
        using var series = new TempDirectory("radcnn-ct");
        TestFiles.GenerateCtSeries(series.Path, 3, rows: 256);
        await using var listener = await RunningListener.StartAsync(o => o.AllowedCallers.Add(new("STORESCU")));
        var seen = new ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var collector = new MeterListener();
        collector.InstrumentPublished = (instrument, l) =>
        {
            // Only this listener's meter: other tests' listeners run alongside with meters of the same name.
            if (ReferenceEquals(instrument.Meter, listener.Listener.Metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        collector.SetMeasurementEventCallback<double>((i, value, tags, _) => seen.Enqueue((i.Name, value, Tags(tags))));
        collector.SetMeasurementEventCallback<long>((i, value, tags, _) => seen.Enqueue((i.Name, value, Tags(tags))));
        collector.Start();

        var stored = Dcmtk.Store(listener.Port, Directory.GetFiles(series.Path));
        var refused = Dcmtk.Echo(listener.Port, callingAe: "STRANGER");

        Assert.True(stored.ExitCode == 0, stored.Combined);
        Assert.NotEqual(0, refused.ExitCode);
        var commits = seen.Where(m => m.Name == "radcnn.dicom.store.commit.duration").ToList();
        var receives = seen.Where(m => m.Name == "radcnn.dicom.store.receive.duration").ToList();
        Assert.Equal(3, commits.Count);
        Assert.Equal(3, receives.Count);
        Assert.All(commits, m => Assert.Equal("success", m.Tags["status"]));
        // The commit includes an fsync of the file and of its directory: it cannot take no time at all.
        Assert.All(commits, m => Assert.InRange(m.Value, 0.001, 60_000));
        Assert.All(receives, m => Assert.InRange(m.Value, 0, 60_000));
        var associations = seen.Where(m => m.Name == "radcnn.dicom.associations").ToList();
        Assert.Single(associations, m => (string?)m.Tags["outcome"] == "accepted");
        var rejected = Assert.Single(associations, m => (string?)m.Tags["outcome"] == "rejected");
        Assert.Equal("calling AE title not recognized", rejected.Tags["reason"]);
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        return copy;
    }
}
