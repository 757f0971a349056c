using RadCnn.Abstractions.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tests;

/// <summary>Bad input: each failure names the model and the problem, and the engine keeps serving everyone else.</summary>
public sealed class InferenceEngineTests
{
    [Fact]
    public async Task Runs_on_the_cpu_and_returns_caller_owned_cpu_tensors()
    {
        await using var engine = new InferenceEngine(TestNets.Options(o => o.Device = "auto"));
        Assert.Equal(cuda.is_available() ? "cuda:0" : "cpu", engine.DeviceName);
        using var model = engine.Register(TestNets.Registration("cnn", () => TestNets.SmallCnn(), [1, 32, 32]));
        using var x = TestNets.RandomInput(1, 1, 32, 32);
        using var y = await engine.InferAsync(model, x, InferencePriority.Routine, CancellationToken.None);
        Assert.Equal([3L], y.shape);
        Assert.Equal(DeviceType.CPU, y.device_type);
        Assert.False(y.requires_grad);
    }

    [Fact]
    public async Task A_model_that_throws_fails_its_own_requests_only()
    {
        await using var engine = new InferenceEngine(TestNets.Options());
        using var broken = engine.Register(TestNets.Registration("broken", () => new Throwing(_ => true), [4]));
        using var good = engine.Register(TestNets.Registration("good", () => nn.Sequential(("linear", nn.Linear(4, 2))), [4]));
        using var x = ones(4);

        var error = await Assert.ThrowsAsync<InferenceException>(() => engine.InferAsync(broken, x, InferencePriority.Stat, CancellationToken.None));
        Assert.Equal("broken", error.ModelName);
        Assert.Equal(InferenceFailure.ModelThrew, error.Failure);
        Assert.Contains("'broken'", error.Message, StringComparison.Ordinal);
        Assert.Contains("weights corrupted", error.Message, StringComparison.Ordinal);
        using var y = await engine.InferAsync(good, x, InferencePriority.Routine, CancellationToken.None);
        Assert.Equal([2L], y.shape);
    }

    [Fact]
    public async Task A_poisoned_sample_in_a_batch_fails_alone()
    {
        await using var engine = new InferenceEngine(TestNets.Options(o => o.MaxBatchWait = TimeSpan.FromMilliseconds(200)));
        using var model = engine.Register(TestNets.Registration("picky", () => new Throwing(x => x.eq(13f).any().item<bool>()), [4]));
        var inputs = Enumerable.Range(10, 8).Select(i => full(4, (float)i)).ToArray();
        var tasks = inputs.Select(x => engine.InferAsync(model, x, InferencePriority.Routine, CancellationToken.None)).ToArray();
        for (var i = 0; i < tasks.Length; i++)
        {
            if (i == 3)
            {
                var error = await Assert.ThrowsAsync<InferenceException>(() => tasks[i]);
                Assert.Equal(InferenceFailure.ModelThrew, error.Failure);
            }
            else
            {
                using var y = await tasks[i];
                Assert.Equal(2f * (10 + i), y[0].item<float>());
            }
        }
    }

    [Fact]
    public async Task Wrong_shape_wrong_dtype_and_nan_inputs_are_refused_with_the_reason()
    {
        await using var engine = new InferenceEngine(TestNets.Options());
        using var model = engine.Register(TestNets.Registration("cnn", () => TestNets.SmallCnn(), [1, 32, 32]));

        using var batched = zeros(2, 1, 32, 32);
        var shape = await Assert.ThrowsAsync<InferenceException>(() => engine.InferAsync(model, batched, InferencePriority.Routine, CancellationToken.None));
        Assert.Equal(InferenceFailure.InvalidInput, shape.Failure);
        Assert.Contains("model 'cnn'", shape.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 1, 32, 32]", shape.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 32, 32]", shape.Message, StringComparison.Ordinal);

        using var integers = zeros(new long[] { 1, 32, 32 }, dtype: ScalarType.Int64);
        var dtype = await Assert.ThrowsAsync<InferenceException>(() => engine.InferAsync(model, integers, InferencePriority.Routine, CancellationToken.None));
        Assert.Equal(InferenceFailure.InvalidInput, dtype.Failure);

        using var nan = zeros(1, 32, 32);
        nan[0, 5, 5] = float.NaN;
        var nonFinite = await Assert.ThrowsAsync<InferenceException>(() => engine.ProbeAsync(model, nan, InferencePriority.Routine, CancellationToken.None));
        Assert.Equal(InferenceFailure.NonFiniteInput, nonFinite.Failure);
        Assert.Contains("NaN", nonFinite.Message, StringComparison.Ordinal);

        using var fine = zeros(1, 32, 32);
        using var y = await engine.InferAsync(model, fine, InferencePriority.Routine, CancellationToken.None);
        Assert.Equal([3L], y.shape);
    }

    [Fact]
    public async Task A_model_returning_nan_or_a_wrong_batch_is_reported()
    {
        await using var engine = new InferenceEngine(TestNets.Options());
        using var nanModel = engine.Register(TestNets.Registration("nan-out", () => new Lambda(x => x * float.NaN), [4], ModelOutputKind.Image));
        using var squeeze = engine.Register(TestNets.Registration("squeezer", () => new Lambda(x => x.sum()), [4], ModelOutputKind.Image));
        using var x = ones(4);
        var nan = await Assert.ThrowsAsync<InferenceException>(() => engine.InferAsync(nanModel, x, InferencePriority.Routine, CancellationToken.None));
        Assert.Equal(InferenceFailure.InvalidOutput, nan.Failure);
        var shape = await Assert.ThrowsAsync<InferenceException>(() => engine.InferAsync(squeeze, x, InferencePriority.Routine, CancellationToken.None));
        Assert.Equal(InferenceFailure.InvalidOutput, shape.Failure);
        Assert.Contains("'squeezer'", shape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_and_unregistered_requests_say_which_model()
    {
        await using var engine = new InferenceEngine(TestNets.Options());
        var model = engine.Register(TestNets.Registration("gone", () => TestNets.SmallCnn(), [1, 32, 32]));
        using var x = zeros(1, 32, 32);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.InferAsync(model, x, InferencePriority.Stat, cts.Token));
        Assert.Contains("'gone'", cancelled.Message, StringComparison.Ordinal);

        model.Dispose();
        var gone = await Assert.ThrowsAsync<InferenceException>(() => engine.InferAsync(model, x, InferencePriority.Stat, CancellationToken.None));
        Assert.Equal(InferenceFailure.ModelUnavailable, gone.Failure);
    }

    [Fact]
    public async Task Unregistering_a_model_fails_its_queued_requests_and_lets_the_running_one_finish()
    {
        var recorder = new GatedRecorder();
        await using var engine = new InferenceEngine(TestNets.Options(o =>
        {
            o.MaxBatchSize = 1;
            o.MaxConcurrentBatches = 1;
        }));
        var model = engine.Register(TestNets.Registration("retiring", () => recorder, [1, 2], ModelOutputKind.Image));
        using var other = engine.Register(TestNets.Registration("staying", () => nn.Sequential(("linear", nn.Linear(2, 2))), [1, 2], ModelOutputKind.Image));
        recorder.Close();
        using var first = full(1, 2, 1f);
        using var second = full(1, 2, 2f);
        var running = engine.InferAsync(model, first, InferencePriority.Routine, CancellationToken.None);
        Assert.True(await recorder.Entered.WaitAsync(TimeSpan.FromSeconds(30)));
        var queued = engine.InferAsync(model, second, InferencePriority.Routine, CancellationToken.None);

        model.Dispose();
        var error = await Assert.ThrowsAsync<InferenceException>(() => queued);
        Assert.Equal(InferenceFailure.ModelUnavailable, error.Failure);
        Assert.Contains("'retiring'", error.Message, StringComparison.Ordinal);
        recorder.Open();
        using (var y = await running)
        {
            Assert.Equal(2f, y[0, 0].item<float>());
        }

        using var z = await engine.InferAsync(other, second, InferencePriority.Routine, CancellationToken.None);
        Assert.Equal([1L, 2L], z.shape);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new InferenceEngine(TestNets.Options(o => o.MaxBatchSize = 0)));
        Assert.Throws<ArgumentException>(() => new InferenceEngine(TestNets.Options(o => o.EpsilonSearchGrid = [0.1, -1])));
        Assert.Throws<ArgumentException>(() => new InferenceEngine(TestNets.Options(o => o.Device = "tpu")));
        Assert.Throws<ArgumentException>(() => new InferenceEngine(TestNets.Options(o => o.MaxBatchWait = TimeSpan.FromMinutes(-1))));
    }

    /// <summary>Doubles its input, or throws when <c>fails</c> says so, as a model with corrupt weights would.</summary>
    private sealed class Throwing(Func<Tensor, bool> fails) : nn.Module<Tensor, Tensor>("throwing")
    {
        public override Tensor forward(Tensor input) =>
            fails(input) ? throw new InvalidOperationException("weights corrupted") : input * 2;
    }

    private sealed class Lambda(Func<Tensor, Tensor> body) : nn.Module<Tensor, Tensor>("lambda")
    {
        public override Tensor forward(Tensor input) => body(input);
    }
}
