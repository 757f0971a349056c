using RadCnn.Training.Decisions;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Decisions;

[Collection(TorchRandomCollection.Name)]
public class DecisionModuleTests
{
    [Fact]
    public void Its_argmax_is_the_calibrated_probability_at_the_validated_threshold()
    {
        var policy = new DecisionPolicy { Temperature = 2.5, Threshold = 0.8 };

        // Seeded before the layer is made: its initial weights come from the same generator as the inputs.
        manual_seed(5);
        using var net = nn.Linear(4, 2);
        using var module = new DecisionModule(net, policy);
        using var scope = NewDisposeScope();
        var x = randn(64, 4) * 3;
        var raw = net.call(x);
        var z = (raw[.., 1] - raw[.., 0]).data<float>().ToArray();
        var output = module.call(x);
        var decided = output.argmax(1).data<long>().ToArray();
        var shifted = (output[.., 1] - output[.., 0]).data<float>().ToArray();

        var positives = 0;
        for (var i = 0; i < z.Length; i++)
        {
            var calibrated = 1 / (1 + Math.Exp(-z[i] / 2.5));
            Assert.Equal(calibrated, DecisionModule.Probability(shifted[i], policy.Threshold), 4);
            Assert.Equal(calibrated >= 0.8 ? 1 : 0, decided[i]);
            positives += (int)decided[i];
        }

        Assert.InRange(positives, 1, z.Length - 1); // both decisions occur, so the check above could fail
    }
}
