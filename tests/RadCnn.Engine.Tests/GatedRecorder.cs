using static TorchSharp.torch;

namespace RadCnn.Engine.Tests;

/// <summary>
/// A module whose forward records the first value of each sample (the request's id) and can be held
/// closed, so tests can fill the queue while the device slot is busy. Output is the input times two.
/// </summary>
internal sealed class GatedRecorder : nn.Module<Tensor, Tensor>
{
    private readonly ManualResetEventSlim _open = new(true);
    private readonly object _gate = new();
    private readonly List<float> _seen = [];

    public GatedRecorder() : base(nameof(GatedRecorder))
    {
    }

    public SemaphoreSlim Entered { get; } = new(0);

    public List<int> BatchSizes { get; } = [];

    public IReadOnlyList<float> Seen
    {
        get { lock (_gate) { return [.. _seen]; } }
    }

    public void Close() => _open.Reset();

    public void Open() => _open.Set();

    public override Tensor forward(Tensor input)
    {
        var ids = input.reshape(input.shape[0], -1)[.., 0].data<float>().ToArray();
        lock (_gate)
        {
            _seen.AddRange(ids);
            BatchSizes.Add(ids.Length);
        }

        Entered.Release();
        if (!_open.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("gate never opened");
        }

        return input * 2;
    }
}
