using RadCnn.Training.Models;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Models;

/// <summary>
/// The toolkit's building blocks for plugin networks: a weight file written by a network loads into a
/// fresh one (evaluation mode, same outputs), and the inception block keeps the parameter names weights
/// were saved under, in 2D and 3D.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public sealed class ModuleWeightsTests
{
    [Fact]
    public void SavedWeightsLoadIntoAFreshNetworkInEvaluationMode()
    {
        manual_seed(11);
        using var trained = new InceptionBlock(2, out1: 2, reduce3: 2, out3: 3, reduce5: 2, out5: 2, outPool: 1);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            trained.save(writer);
        }

        manual_seed(12); // different initial weights: only the file can make them agree
        using var loaded = ModuleWeights.Load(new InceptionBlock(2, out1: 2, reduce3: 2, out3: 3, reduce5: 2, out5: 2, outPool: 1), stream.ToArray());
        Assert.False(loaded.training);
        trained.eval();
        using var scope = NewDisposeScope();
        var input = randn(1, 2, 9, 7);
        Assert.True(trained.call(input).allclose(loaded.call(input)));
    }

    [Theory]
    [InlineData(2, new long[] { 1, 3, 8, 6 })]
    [InlineData(3, new long[] { 1, 3, 4, 8, 6 })]
    public void TheInceptionBlockConcatenatesItsBranchesUnderStableNames(int dimensions, long[] shape)
    {
        using var block = new InceptionBlock(3, out1: 4, reduce3: 2, out3: 5, reduce5: 2, out5: 3, outPool: 2, dimensions);
        using var scope = NewDisposeScope();
        var output = block.call(zeros(shape));
        Assert.Equal([shape[0], 4 + 5 + 3 + 2, .. shape[2..]], output.shape);
        var names = block.state_dict().Keys.ToList();
        Assert.Contains("branch1.conv1.weight", names);
        Assert.Contains("branch5.conv3.weight", names);
        Assert.Contains("branchPool.bn1.running_mean", names);
        Assert.Equal(dimensions + 2, block.state_dict()["branch3.conv2.weight"].dim());
    }

    [Fact]
    public void OnlyTwoOrThreeDimensionsAreAccepted() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new InceptionBlock(1, 1, 1, 1, 1, 1, 1, dimensions: 1));
}
