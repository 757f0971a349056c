using RadCnn.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Models;

/// <summary>
/// Weight interpolation between two networks of one architecture: the ends come back bit for bit, the
/// middle is the mean of every weight and statistic, and re-estimated batch-norm statistics are the
/// equal-weight average of the statistics of the batches run, with the weights and momentum untouched.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class WeightInterpolationTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void TheEndsComeBackBitForBit(double a)
    {
        using var scope = NewDisposeScope();
        var (start, end) = TwoNetworks();
        // −0.0 against a positive weight: (1 − 0)·(−0) + 0·w would give +0.0, another bit pattern.
        using (no_grad())
        {
            start.state_dict()["0.weight"].view(-1)[0] = tensor(-0.0f);
            end.state_dict()["0.weight"].view(-1)[0] = tensor(0.25f);
        }

        using var between = Network();
        WeightInterpolation.Interpolate(between, start, end, a);
        var expected = a == 0.0 ? start : end;
        foreach (var (name, entry) in between.state_dict())
        {
            Assert.Equal(Bits(expected.state_dict()[name]), Bits(entry));
        }
    }

    [Fact]
    public void TheMiddleIsTheMeanOfEveryWeightAndStatistic()
    {
        using var scope = NewDisposeScope();
        var (start, end) = TwoNetworks();
        using var between = Network();
        WeightInterpolation.Interpolate(between, start, end, 0.5);
        // Batch norm's scale and shift start at 1 and 0 in both networks; the rest differ between the two.
        foreach (var name in new[] { "0.weight", "0.bias", "1.running_mean", "1.running_var", "2.weight" })
        {
            Assert.False(start.state_dict()[name].allclose(end.state_dict()[name]), $"{name} is the same in both networks");
            var mean = (start.state_dict()[name] + end.state_dict()[name]) / 2;
            Assert.True(between.state_dict()[name].allclose(mean, rtol: 1e-6, atol: 1e-7), $"{name} is not the mean");
        }

        // The batch count is an integer: taken from an end, not averaged.
        Assert.Equal(end.state_dict()["1.num_batches_tracked"].item<long>(), between.state_dict()["1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void DifferentArchitecturesAreRefused()
    {
        using var scope = NewDisposeScope();
        var (start, end) = TwoNetworks();
        using var wider = nn.Sequential(nn.Conv2d(2, 4, 3, padding: 1), KeptBatchNorm.BatchNorm2d(4), nn.Conv2d(4, 1, 1));
        Assert.Throws<ArgumentException>(() => WeightInterpolation.Interpolate(wider, start, end, 0.5));
    }

    [Fact]
    public void ReestimatedStatisticsAreTheAverageOfTheBatchesStatistics()
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        // Batch norm first, so that the statistics it sees are the input's own.
        using var model = nn.Sequential(KeptBatchNorm.BatchNorm2d(2, momentum: 0.1), nn.Conv2d(2, 1, 1));
        using (no_grad())
        {
            model.state_dict()["0.running_mean"].fill_(5);
            model.state_dict()["0.running_var"].fill_(7);
        }

        var conv = model.state_dict()["1.weight"].clone();
        var batches = Enumerable.Range(0, 3).Select(i => (randn(4, 2, 6, 6) * (i + 1)) + i).ToList();
        var runs = WeightInterpolation.ReestimateBatchNorm(model, batches);

        Assert.Equal(3, runs);
        var means = stack(batches.Select(b => b.mean([0, 2, 3])).ToArray()).mean([0]);
        var variances = stack(batches.Select(b => b.var([0, 2, 3], unbiased: true)).ToArray()).mean([0]);
        Assert.True(model.state_dict()["0.running_mean"].allclose(means, rtol: 1e-5, atol: 1e-6), "running mean is not the batches' average");
        Assert.True(model.state_dict()["0.running_var"].allclose(variances, rtol: 1e-5, atol: 1e-6), "running variance is not the batches' average");
        Assert.True(model.state_dict()["1.weight"].equal(conv).all().item<bool>(), "a weight changed");
        Assert.False(model.training);
        Assert.Equal(0.1, ((TorchSharp.Modules.BatchNorm)model.modules().First(m => m is TorchSharp.Modules.BatchNorm)).momentum);
    }

    private static nn.Module<Tensor, Tensor> Network() =>
        nn.Sequential(nn.Conv2d(2, 3, 3, padding: 1), KeptBatchNorm.BatchNorm2d(3), nn.Conv2d(3, 1, 1));

    // Two networks with different weights and different running statistics (a few training-mode batches each).
    private static (nn.Module<Tensor, Tensor> Start, nn.Module<Tensor, Tensor> End) TwoNetworks()
    {
        manual_seed(11);
        var start = Network();
        manual_seed(12);
        var end = Network();
        using var noGrad = no_grad();
        start.train();
        end.train();
        start.call(randn(4, 2, 5, 5));
        end.call(randn(4, 2, 5, 5) * 3);
        end.call(randn(4, 2, 5, 5));
        start.eval();
        end.eval();
        return (start, end);
    }

    private static byte[] Bits(Tensor tensor) => tensor.contiguous().bytes.ToArray();
}
