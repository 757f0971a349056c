using RadCnn.Abstractions.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tests.Scheduling;

public sealed class BatchSchedulerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Batched_results_equal_unbatched_results()
    {
        using var dir = new TestSupport.TempDirectory();
        var factory = TestNets.SavedFactory(dir.Combine("cnn.bin"), () => TestNets.SmallCnn());
        var inputs = Enumerable.Range(0, 16).Select(i => TestNets.RandomInput(i, 1, 32, 32)).ToArray();

        // Unbatched: one request at a time, batch size 1.
        var sequential = new Tensor[inputs.Length];
        await using (var engine = new InferenceEngine(TestNets.Options(o => o.MaxBatchSize = 1)))
        {
            using var model = engine.Register(TestNets.Registration("cnn", factory, [1, 32, 32]));
            for (var i = 0; i < inputs.Length; i++)
            {
                sequential[i] = await engine.InferAsync(model, inputs[i], InferencePriority.Routine, CancellationToken.None);
            }
        }

        // Batched: 16 concurrent callers; the wait lets them fill one micro-batch.
        await using (var engine = new InferenceEngine(TestNets.Options(o =>
        {
            o.MaxBatchSize = 16;
            o.MaxConcurrentBatches = 1;
            o.MaxBatchWait = TimeSpan.FromMilliseconds(200);
        })))
        {
            using var model = engine.Register(TestNets.Registration("cnn", factory, [1, 32, 32]));
            var batched = await Task.WhenAll(inputs.Select(x => engine.InferAsync(model, x, InferencePriority.Routine, CancellationToken.None)));
            for (var i = 0; i < inputs.Length; i++)
            {
                Assert.Equal(sequential[i].shape, batched[i].shape);
                Assert.True(sequential[i].allclose(batched[i], rtol: 0, atol: 1e-5), $"sample {i} differs by {(sequential[i] - batched[i]).abs().max().item<float>()}");
                Assert.Equal(DeviceType.CPU, batched[i].device_type);
                batched[i].Dispose();
            }
        }

        foreach (var t in sequential.Concat(inputs))
        {
            t.Dispose();
        }
    }

    [Fact]
    public async Task Concurrent_requests_run_as_micro_batches_and_each_caller_gets_its_slice()
    {
        var recorder = new GatedRecorder();
        await using var engine = new InferenceEngine(TestNets.Options(o =>
        {
            o.MaxBatchSize = 8;
            o.MaxConcurrentBatches = 1;
            o.MaxBatchWait = TimeSpan.FromMilliseconds(100);
        }));
        using var model = engine.Register(TestNets.Registration("recorder", () => recorder, [1, 2], ModelOutputKind.Image));

        recorder.Close();
        var blocker = engine.InferAsync(model, Id(100), InferencePriority.Routine, CancellationToken.None);
        Assert.True(await recorder.Entered.WaitAsync(Timeout));
        var tasks = Enumerable.Range(0, 20).Select(i => engine.InferAsync(model, Id(i), InferencePriority.Routine, CancellationToken.None)).ToArray();
        recorder.Open();

        var results = await Task.WhenAll(tasks);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal([1L, 2L], results[i].shape);
            Assert.Equal(2f * i, results[i][0, 0].item<float>());
            results[i].Dispose();
        }

        (await blocker).Dispose();
        Assert.Equal([1, 8, 8, 4], recorder.BatchSizes);
    }

    [Fact]
    public async Task Stat_overtakes_queued_routine_and_background_work()
    {
        var recorder = new GatedRecorder();
        await using var engine = new InferenceEngine(TestNets.Options(o =>
        {
            o.MaxBatchSize = 1;
            o.MaxConcurrentBatches = 1;
        }));
        using var model = engine.Register(TestNets.Registration("recorder", () => recorder, [1, 2], ModelOutputKind.Image));

        recorder.Close();
        var tasks = new List<Task<Tensor>> { engine.InferAsync(model, Id(0), InferencePriority.Background, CancellationToken.None) };
        Assert.True(await recorder.Entered.WaitAsync(Timeout));
        tasks.Add(engine.InferAsync(model, Id(1), InferencePriority.Background, CancellationToken.None));
        tasks.Add(engine.InferAsync(model, Id(2), InferencePriority.Routine, CancellationToken.None));
        tasks.Add(engine.InferAsync(model, Id(3), InferencePriority.Stat, CancellationToken.None));
        tasks.Add(engine.InferAsync(model, Id(4), InferencePriority.Background, CancellationToken.None));
        tasks.Add(engine.InferAsync(model, Id(5), InferencePriority.Routine, CancellationToken.None));
        tasks.Add(engine.InferAsync(model, Id(6), InferencePriority.Stat, CancellationToken.None));
        Assert.Equal(6, engine.QueuedCount);
        recorder.Open();

        foreach (var t in await Task.WhenAll(tasks))
        {
            t.Dispose();
        }

        Assert.Equal([0f, 3f, 6f, 2f, 5f, 1f, 4f], recorder.Seen);
    }

    [Fact]
    public async Task Cancelling_a_queued_request_removes_it_and_frees_its_place()
    {
        var recorder = new GatedRecorder();
        await using var engine = new InferenceEngine(TestNets.Options(o =>
        {
            o.MaxBatchSize = 1;
            o.MaxConcurrentBatches = 1;
            o.MaxQueuedRequests = 2;
        }));
        using var model = engine.Register(TestNets.Registration("recorder", () => recorder, [1, 2], ModelOutputKind.Image));

        recorder.Close();
        var running = engine.InferAsync(model, Id(0), InferencePriority.Routine, CancellationToken.None);
        Assert.True(await recorder.Entered.WaitAsync(Timeout));
        using var cts = new CancellationTokenSource();
        var cancelled = engine.InferAsync(model, Id(1), InferencePriority.Routine, cts.Token);
        var kept = engine.InferAsync(model, Id(2), InferencePriority.Routine, CancellationToken.None);

        var full = await Assert.ThrowsAsync<InferenceException>(() => engine.InferAsync(model, Id(3), InferencePriority.Routine, CancellationToken.None));
        Assert.Equal(InferenceFailure.QueueFull, full.Failure);
        Assert.Contains("'recorder'", full.Message, StringComparison.Ordinal);

        await cts.CancelAsync();
        var oce = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Contains("'recorder'", oce.Message, StringComparison.Ordinal);
        Assert.Equal(1, engine.QueuedCount);

        // Its place is free again: a new request is accepted while the model is still busy.
        var replacement = engine.InferAsync(model, Id(4), InferencePriority.Routine, CancellationToken.None);
        recorder.Open();
        (await running).Dispose();
        (await kept).Dispose();
        (await replacement).Dispose();
        Assert.Equal([0f, 2f, 4f], recorder.Seen);
    }

    [Fact]
    public async Task Routine_requests_wait_for_the_batch_window_on_the_injected_clock_and_stat_does_not()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var recorder = new GatedRecorder();
        await using var engine = new InferenceEngine(TestNets.Options(o =>
        {
            o.MaxBatchSize = 8;
            o.MaxBatchWait = TimeSpan.FromSeconds(10);
        }), timeProvider: clock);
        using var routineModel = engine.Register(TestNets.Registration("routine", () => recorder, [1, 2], ModelOutputKind.Image));
        using var statModel = engine.Register(TestNets.Registration("stat", () => new GatedRecorder(), [1, 2], ModelOutputKind.Image));

        var routine = new[] { 1, 2 }.Select(i => engine.InferAsync(routineModel, Id(i), InferencePriority.Routine, CancellationToken.None)).ToArray();

        // A stat request for another model runs at once, while the routine pair still waits for company.
        using (var stat = await engine.InferAsync(statModel, Id(9), InferencePriority.Stat, CancellationToken.None).WaitAsync(Timeout))
        {
            Assert.Equal(18f, stat[0, 0].item<float>());
        }

        Assert.Empty(recorder.Seen);
        Assert.Equal(2, engine.QueuedCount);

        // The scheduler arms its wait on the clock after it has looked at the queue, on its own thread: an Advance that
        // lands between the two leaves the new timer ten seconds past the new time. So the clock moves on in window-sized
        // steps until the pair has run, as real time would.
        var all = Task.WhenAll(routine);
        var giveUp = DateTime.UtcNow + Timeout;
        while (!all.IsCompleted && DateTime.UtcNow < giveUp)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(all, Task.Delay(50));
        }

        foreach (var y in await all.WaitAsync(Timeout))
        {
            y.Dispose();
        }

        Assert.Equal([2], recorder.BatchSizes);
    }

    private static Tensor Id(int id) => torch.full([1, 2], (float)id);
}
