using TorchSharp;
using static TorchSharp.torch;

/// <summary>A plain Gaussian smoothing filter (separable, reflected edges): the linear denoiser the FGSM probe's figure is read against.</summary>
internal sealed class GaussianFilter : nn.Module<Tensor, Tensor>
{
    private readonly float[] weights;
    private readonly int radius;

    public GaussianFilter(double sigma)
        : base("gaussian")
    {
        radius = (int)Math.Ceiling(3 * sigma);
        var taps = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-i * i / (2 * sigma * sigma))).ToArray();
        var sum = taps.Sum();
        weights = [.. taps.Select(t => (float)(t / sum))];
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var size = weights.Length;
        var rows = tensor(weights, [1, 1, size, 1]);
        var columns = tensor(weights, [1, 1, 1, size]);
        var padded = nn.functional.pad(input, [radius, radius, radius, radius], PaddingModes.Reflect);
        return nn.functional.conv2d(nn.functional.conv2d(padded, rows), columns).MoveToOuterDisposeScope();
    }
}
