using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RadCnn.Abstractions.Engine;
using RadCnn.Engine.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tests.Diagnostics;

public sealed class EngineMetricsTests
{
    [Fact]
    public async Task Batch_size_latency_queue_length_and_fragile_results_are_measured()
    {
        var measurements = new ConcurrentBag<(string Instrument, double Value, string? Model)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EngineMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? model = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "model")
                {
                    model = tag.Value as string;
                }
            }

            measurements.Add((instrument.Name, value, model));
        }

        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        const string name = "metrics-probe-model";
        await using (var engine = new InferenceEngine(TestNets.Options(o =>
        {
            o.MaxBatchWait = TimeSpan.FromMilliseconds(200);
            o.FgsmEpsilon = 5;
        })))
        {
            // Class 0 wins by the input's sum; a step of 5 against it certainly flips the decision, so the result is fragile.
            using var model = engine.Register(TestNets.Registration(name, () =>
            {
                var linear = nn.Linear(4, 2);
                using (no_grad())
                {
                    linear.weight!.copy_(tensor(new float[] { 1, 1, 1, 1, -1, -1, -1, -1 }).reshape(2, 4));
                    linear.bias!.zero_();
                }

                return nn.Sequential(("linear", linear));
            }, [4]));
            var inputs = Enumerable.Range(0, 4).Select(i => full(4, 0.1f * (i + 1))).ToArray();
            foreach (var y in await Task.WhenAll(inputs.Select(x => engine.InferAsync(model, x, InferencePriority.Routine, CancellationToken.None))))
            {
                y.Dispose();
            }

            var report = await engine.ProbeAsync(model, inputs[0], InferencePriority.Background, CancellationToken.None);
            Assert.True(report.Fragile);
            listener.RecordObservableInstruments();
            foreach (var x in inputs)
            {
                x.Dispose();
            }
        }

        var mine = measurements.Where(m => m.Model == name).ToList();
        // Usually one batch of 4; on a busy machine a caller may miss the window, so only the total is certain.
        Assert.Equal(4, mine.Where(m => m.Instrument == "radcnn.engine.batch.size").Sum(m => m.Value));
        Assert.Equal(5, mine.Count(m => m.Instrument == "radcnn.engine.request.duration"));
        Assert.Equal(1, mine.Where(m => m.Instrument == "radcnn.engine.robustness.fragile").Sum(m => m.Value));
        var queue = mine.Where(m => m.Instrument == "radcnn.engine.queue.length").ToList();
        Assert.Equal(5, queue.Count(m => m.Value > 0));
        Assert.Equal(0, queue.Sum(m => m.Value));
        Assert.Contains(measurements, m => m.Instrument == "radcnn.engine.tensors.live" && m.Value > 0);
    }
}
