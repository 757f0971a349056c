// Measures the shared engine on the CPU for one small CNN (two conv layers of 16 and 32 channels,
// max-pooling, a linear head; one 1x64x64 input per request) and prints one JSON line:
//  - requests/s with one caller at a time (the engine's batch size 1: no batching wait),
//  - requests/s with 16 concurrent callers micro-batched by the engine (max batch 16),
//  - images/s of the same network called directly through TorchSharp at batch 1 and 16 (no engine).
// Usage: RadCnn.Bench.Engine [threads] [seconds per measurement]
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Engine;
using TorchSharp;
using static TorchSharp.torch;

var threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
const int Callers = 16;
torch.set_num_threads(threads);
torch.random.manual_seed(0);

static nn.Module<Tensor, Tensor> Network() => nn.Sequential(
    ("conv1", nn.Conv2d(1, 16, 3, padding: 1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
    ("conv2", nn.Conv2d(16, 32, 3, padding: 1)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
    ("flatten", nn.Flatten()), ("head", nn.Linear(32 * 16 * 16, 2)));

var weights = Path.Combine(Path.GetTempPath(), $"radcnn-bench-{Environment.ProcessId}.bin");
using (var net = Network())
{
    net.save(weights);
}

nn.Module<Tensor, Tensor> Load()
{
    var net = Network();
    net.load(weights);
    return net;
}

var registration = new ModelRegistration("bench-cnn", Load, [1, 64, 64], ModelOutputKind.ClassLogits);
using var input = randn(1, 64, 64);

double Direct(int batch)
{
    using var net = Load();
    net.eval();
    using var x = randn(batch, 1, 64, 64);
    using var noGrad = no_grad();
    for (var i = 0; i < 20; i++)
    {
        using var scope = NewDisposeScope();
        net.call(x);
    }

    var images = 0L;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        using var scope = NewDisposeScope();
        net.call(x);
        images += batch;
    }

    return images / clock.Elapsed.TotalSeconds;
}

async Task<double> ThroughEngine(int callers, int maxBatch)
{
    var options = new EngineOptions
    {
        Device = "cpu",
        IntraOpThreads = threads,
        MaxBatchSize = maxBatch,
        MaxConcurrentBatches = 1,
        MaxBatchWait = TimeSpan.FromMilliseconds(2),
    };
    await using var engine = InferenceEngineFactory.Create(options);
    using var model = engine.Register(registration);
    var stop = Stopwatch.StartNew();
    var count = 0L;
    var warm = true;
    async Task Caller()
    {
        while (stop.Elapsed.TotalSeconds < seconds + 1)
        {
            using var y = await engine.InferAsync(model, input, InferencePriority.Routine, CancellationToken.None).ConfigureAwait(false);
            if (!Volatile.Read(ref warm))
            {
                Interlocked.Increment(ref count);
            }
        }
    }

    var tasks = Enumerable.Range(0, callers).Select(_ => Task.Run(Caller)).ToArray();
    await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
    Volatile.Write(ref warm, false);
    var measured = Stopwatch.StartNew();
    await Task.WhenAll(tasks).ConfigureAwait(false);
    return Interlocked.Read(ref count) / measured.Elapsed.TotalSeconds;
}

// The engine's own batch-size histogram tells how full the micro-batches really were.
long batches = 0, batchedRequests = 0;
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Meter.Name == "RadCnn.Engine" && instrument.Name == "radcnn.engine.batch.size")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
{
    Interlocked.Increment(ref batches);
    Interlocked.Add(ref batchedRequests, size);
});
listener.Start();

var unbatched = await ThroughEngine(1, 1);
Interlocked.Exchange(ref batches, 0);
Interlocked.Exchange(ref batchedRequests, 0);
var batched = await ThroughEngine(Callers, Callers);
var meanBatch = (double)Interlocked.Read(ref batchedRequests) / Math.Max(1, Interlocked.Read(ref batches));
var direct1 = Direct(1);
var direct16 = Direct(Callers);
File.Delete(weights);

Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["network"] = "conv16-conv32-linear, 1x64x64",
    ["threads"] = threads,
    ["torchsharp"] = "0.107.0",
    ["radcnn_unbatched_rps"] = Math.Round(unbatched, 1),
    ["radcnn_batched_16_callers_rps"] = Math.Round(batched, 1),
    ["radcnn_mean_batch_size"] = Math.Round(meanBatch, 1),
    ["torchsharp_direct_b1_ips"] = Math.Round(direct1, 1),
    ["torchsharp_direct_b16_ips"] = Math.Round(direct16, 1),
}));
