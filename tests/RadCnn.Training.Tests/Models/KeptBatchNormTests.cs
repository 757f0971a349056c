using RadCnn.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Models;

/// <summary>
/// KeptBatchNorm against TorchSharp's BatchNorm2d/3d: the same state-dictionary names, the same outputs and running
/// statistics over training batches and in evaluation mode, and weights saved from either load into the other.
/// </summary>
public class KeptBatchNormTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void TrainsAndEvaluatesExactlyAsTorchSharpsBatchNorm(int dimensions)
    {
        using var scope = NewDisposeScope();
        using var theirs = dimensions == 2 ? (nn.Module<Tensor, Tensor>)nn.BatchNorm2d(3, momentum: 0.2) : nn.BatchNorm3d(3, momentum: 0.2);
        using var ours = dimensions == 2 ? KeptBatchNorm.BatchNorm2d(3, momentum: 0.2) : KeptBatchNorm.BatchNorm3d(3, momentum: 0.2);
        Assert.Equal(theirs.state_dict().Keys, ours.state_dict().Keys);
        using var generator = new Generator(5);
        long[] shape = dimensions == 2 ? [4, 3, 5, 5] : [4, 3, 3, 4, 4];
        theirs.train();
        ours.train();
        for (var step = 0; step < 4; step++)
        {
            var x = randn(shape, generator: generator) * (step + 1);
            Assert.True(theirs.call(x).equal(ours.call(x)).all().item<bool>(), $"training output differs at step {step}");
        }

        foreach (var (name, buffer) in theirs.state_dict())
        {
            Assert.True(buffer.equal(ours.state_dict()[name]).all().item<bool>(), $"{name} differs after training");
        }

        Assert.Equal(4L, ours.state_dict()["num_batches_tracked"].item<long>());
        theirs.eval();
        ours.eval();
        var probe = randn(shape, generator: generator);
        Assert.True(theirs.call(probe).equal(ours.call(probe)).all().item<bool>(), "evaluation output differs");
    }

    [Fact]
    public void WeightsOfEitherLoadIntoTheOther()
    {
        var directory = Directory.CreateTempSubdirectory("radcnn-bn-");
        try
        {
            using var scope = NewDisposeScope();
            using var theirs = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("bn", nn.BatchNorm2d(2)));
            using var ours = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("bn", KeptBatchNorm.BatchNorm2d(2)));
            theirs.train();
            theirs.call(randn(3, 1, 6, 6));
            var path = Path.Combine(directory.FullName, "w.bin");
            theirs.save(path);
            ours.load(path);
            theirs.eval();
            ours.eval();
            var x = randn(2, 1, 6, 6);
            Assert.True(theirs.call(x).equal(ours.call(x)).all().item<bool>());
            using var bn = KeptBatchNorm.BatchNorm2d(2);
            Assert.Throws<ArgumentException>(() => bn.call(randn(2, 2, 3)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
