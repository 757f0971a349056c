using RadCnn.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Optimization;

/// <summary>
/// RadCnn's Adam and SGD against TorchSharp's: the same small network (convolution, batch norm, linear)
/// trained the same steps from the same weights ends with the same parameters, and a state file written by
/// either optimizer resumes in the other to the same end (the trainer's checkpoints from before the switch).
/// </summary>
public class KeptScalarOptimizerTests
{
    private const int Steps = 6;

    public static TheoryData<string> Configurations => ["adam", "adam-decay", "adam-amsgrad", "adam-maximize", "sgd", "sgd-momentum-decay", "sgd-nesterov"];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void TrainsToTheSameParametersAsTorchSharp(string configuration)
    {
        using var theirs = Net();
        using var ours = Net();
        using var theirOptimizer = Create(configuration, theirs, kept: false);
        using var ourOptimizer = Create(configuration, ours, kept: true);
        Train(theirs, theirOptimizer, 0, Steps);
        Train(ours, ourOptimizer, 0, Steps);

        AssertSameParameters(theirs, ours);
        AssertMoved(ours);
    }

    [Theory]
    [InlineData("adam-decay", false)]
    [InlineData("adam-decay", true)]
    [InlineData("adam-amsgrad", false)]
    [InlineData("sgd-momentum-decay", false)]
    [InlineData("sgd-momentum-decay", true)]
    public void AStateFileOfEitherResumesInTheOther(string configuration, bool savedByOurs)
    {
        var directory = Directory.CreateTempSubdirectory("radcnn-optimizer-");
        try
        {
            var path = Path.Combine(directory.FullName, "optimizer.bin");
            using var reference = Net();
            using var referenceOptimizer = Create(configuration, reference, kept: savedByOurs);
            Train(reference, referenceOptimizer, 0, Steps / 2);
            referenceOptimizer.save_state_dict(path);
            var weights = Path.Combine(directory.FullName, "weights.bin");
            reference.save(weights);
            Train(reference, referenceOptimizer, Steps / 2, Steps);

            using var resumed = Net();
            resumed.load(weights);
            using var resumedOptimizer = Create(configuration, resumed, kept: !savedByOurs);
            resumedOptimizer.load_state_dict(path);
            Train(resumed, resumedOptimizer, Steps / 2, Steps);

            AssertSameParameters(reference, resumed);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, typeof(RadCnn.Training.Optimization.Adam))]
    [InlineData(OptimizerKind.SgdMomentum, typeof(RadCnn.Training.Optimization.SGD))]
    public void TheTrainerUsesTheKeptScalarOptimizers(OptimizerKind kind, Type expected)
    {
        // A checkpoint records the optimizer by its type name, which both share: only the type itself tells them apart.
        using var net = Net();
        using var optimizer = Trainer.CreateOptimizer(net.parameters().ToList(), new TrainingHyperParameters { Optimizer = kind });
        Assert.IsType(expected, optimizer);
        Assert.Equal(expected.BaseType!.Name, optimizer.GetType().Name);
        Assert.Equal("TorchSharp.Modules", expected.BaseType.Namespace);
    }

    private static OptimizerHelper Create(string configuration, nn.Module<Tensor, Tensor> net, bool kept)
    {
        var p = net.parameters().ToList();
        return (configuration, kept) switch
        {
            ("adam", false) => optim.Adam(p, 0.01),
            ("adam", true) => new RadCnn.Training.Optimization.Adam(p, 0.01),
            ("adam-decay", false) => optim.Adam(p, 0.01, weight_decay: 1e-2),
            ("adam-decay", true) => new RadCnn.Training.Optimization.Adam(p, 0.01, weight_decay: 1e-2),
            ("adam-amsgrad", false) => optim.Adam(p, 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 1e-3, amsgrad: true),
            ("adam-amsgrad", true) => new RadCnn.Training.Optimization.Adam(p, 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 1e-3, amsgrad: true),
            ("adam-maximize", false) => optim.Adam(p, 0.001, maximize: true),
            ("adam-maximize", true) => new RadCnn.Training.Optimization.Adam(p, 0.001, maximize: true),
            ("sgd", false) => optim.SGD(p, 0.05),
            ("sgd", true) => new RadCnn.Training.Optimization.SGD(p, 0.05),
            ("sgd-momentum-decay", false) => optim.SGD(p, 0.05, momentum: 0.9, dampening: 0.1, weight_decay: 1e-2),
            ("sgd-momentum-decay", true) => new RadCnn.Training.Optimization.SGD(p, 0.05, momentum: 0.9, dampening: 0.1, weight_decay: 1e-2),
            ("sgd-nesterov", false) => optim.SGD(p, 0.05, momentum: 0.9, weight_decay: 1e-3, nesterov: true),
            ("sgd-nesterov", true) => new RadCnn.Training.Optimization.SGD(p, 0.05, momentum: 0.9, weight_decay: 1e-3, nesterov: true),
            _ => throw new ArgumentOutOfRangeException(nameof(configuration), configuration, null),
        };
    }

    private static Sequential Net()
    {
        manual_seed(11);
        return nn.Sequential(
            ("conv", nn.Conv2d(1, 4, 3, padding: 1)),
            ("bn", nn.BatchNorm2d(4)),
            ("relu", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(2)),
            ("flat", nn.Flatten()),
            ("fc", nn.Linear(16, 3)));
    }

    private static void Train(nn.Module<Tensor, Tensor> net, OptimizerHelper optimizer, int from, int to)
    {
        net.train();
        for (var step = from; step < to; step++)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)(100 + step));
            var x = randn([8, 1, 6, 6], generator: generator);
            var y = randint(0, 3, [8], generator: generator);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(net.call(x), y);
            loss.backward();
            optimizer.step();
        }
    }

    private static void AssertSameParameters(nn.Module<Tensor, Tensor> expected, nn.Module<Tensor, Tensor> actual)
    {
        var theirs = expected.named_parameters().ToList();
        var ours = actual.named_parameters().ToList();
        Assert.Equal(theirs.Select(p => p.name), ours.Select(p => p.name));
        for (var i = 0; i < theirs.Count; i++)
        {
            var difference = (theirs[i].parameter - ours[i].parameter).abs().max().item<float>();
            Assert.True(difference == 0, $"{theirs[i].name} differs by {difference}");
        }
    }

    private static void AssertMoved(nn.Module<Tensor, Tensor> trained)
    {
        // The comparison above is worth something only if the steps changed the weights.
        using var initial = Net();
        var moved = trained.parameters().Zip(initial.parameters(), (a, b) => (a - b).abs().max().item<float>()).Max();
        Assert.True(moved > 1e-4f, $"the parameters moved only {moved}");
    }
}
