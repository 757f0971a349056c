using static TorchSharp.torch;

namespace RadCnn.Architecture.Tests;

/// <summary>One async method per form of <see cref="TensorLifetimeTests"/>' check; those named Safe* must pass it. Never run.</summary>
#pragma warning disable CA1822
internal sealed class TensorHazardSamples
{
    public async Task<float[]> TemporaryIntoLibtorch(Task<Tensor> pending)
    {
        using var logits = await pending;
        using var probabilities = nn.functional.softmax(logits.flatten(), 0);
        return probabilities.data<float>().ToArray();
    }

    public async Task<long> ChainedAfterAwait(Task<Tensor> pending)
    {
        using var logits = await pending;
        using var call = logits.flatten().argmax();
        return call.item<long>();
    }

    public async Task<Tensor> NeverDisposed(Task<Tensor> pending)
    {
        using var logits = await pending;
        _ = logits.sigmoid();
        return logits.flatten();
    }

    public async Task<float[]> InAHelperItCalls(Task<Tensor> pending)
    {
        using var logits = await pending;
        return Probabilities(logits);
    }

    public async Task<float[]> InALambdaItMakes(Task<Tensor> pending)
    {
        using var logits = await pending;
        Func<float[]> read = () => nn.functional.softmax(logits.flatten(), 0).data<float>().ToArray();
        return read();
    }

    public async Task<float[]> SafeHelperReturnsItsTensor(Task<Tensor> pending)
    {
        using var logits = await pending;
        using var flat = Flat(logits);
        return flat.data<float>().ToArray();
    }

    public async Task<float[]> SafeLocals(Task<Tensor> pending)
    {
        using var logits = await pending;
        using var flat = logits.flatten();
        using var probabilities = nn.functional.softmax(flat, 0);
        return probabilities.data<float>().ToArray();
    }

    public async Task<float[]> SafeInsideAScope(Task<Tensor> pending)
    {
        var logits = await pending;
        using var scope = NewDisposeScope();
        return nn.functional.softmax(logits.flatten(), 0).data<float>().ToArray();
    }

    private static float[] Probabilities(Tensor logits)
    {
        using var probabilities = nn.functional.softmax(logits.flatten(), 0);
        return probabilities.data<float>().ToArray();
    }

    private static Tensor Flat(Tensor logits) => logits.flatten();
}
