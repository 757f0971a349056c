using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tests;

/// <summary>Trains the small networks the probe and Grad-CAM tests need, in a few seconds on the CPU.</summary>
internal static class TinyTrainer
{
    /// <summary>Trains <paramref name="module"/> with Adam on batches from <paramref name="batch"/> (inputs, labels).</summary>
    public static void Train(nn.Module<Tensor, Tensor> module, Func<Generator, (Tensor X, Tensor Y)> batch, int steps, double learningRate, ulong seed)
    {
        using var generator = new Generator(seed);
        module.train();
        using var optimizer = optim.Adam(module.parameters(), learningRate);
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = batch(generator);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(module.call(x), y);
            loss.backward();
            optimizer.step();
        }

        module.eval();
    }

    /// <summary>Accuracy of <paramref name="module"/> on one fresh batch.</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> module, Func<Generator, (Tensor X, Tensor Y)> batch, ulong seed)
    {
        using var generator = new Generator(seed);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (x, y) = batch(generator);
        return module.call(x).argmax(1).eq(y).to(ScalarType.Float32).mean().item<float>();
    }

    /// <summary>Class 1: pixels around +0.3; class 0: around −0.3; clamped to [−1, 1]. Shape [n, 1, 16, 16].</summary>
    public static (Tensor X, Tensor Y) Brightness(Generator generator, int n = 64)
    {
        var y = randint(0, 2, [n], generator: generator);
        var centre = (y.to(ScalarType.Float32) * 0.6f - 0.3f).reshape(n, 1, 1, 1);
        var x = (randn([n, 1, 16, 16], generator: generator) * 0.3f + centre).clamp(-1, 1);
        return (x, y);
    }

    /// <summary>Noise; class 1 images hold a bright 6×6 square at a random place. Shape [n, 1, 32, 32].</summary>
    public static (Tensor X, Tensor Y) Square(Generator generator, int n = 32)
    {
        var x = randn([n, 1, 32, 32], generator: generator) * 0.1f;
        var y = randint(0, 2, [n], generator: generator);
        var labels = y.data<long>().ToArray();
        var corners = randint(0, 32 - 6, [n, 2], generator: generator).data<long>().ToArray();
        for (var i = 0; i < n; i++)
        {
            if (labels[i] == 1)
            {
                var r = corners[2 * i];
                var c = corners[(2 * i) + 1];
                x[i, 0, TensorIndex.Slice(r, r + 6), TensorIndex.Slice(c, c + 6)] = 1.0f;
            }
        }

        return (x, y);
    }

    public static Tensor SquareAt(int row, int col)
    {
        using var generator = new Generator(99);
        var x = randn([1, 32, 32], generator: generator) * 0.1f;
        x[0, TensorIndex.Slice(row, row + 6), TensorIndex.Slice(col, col + 6)] = 1.0f;
        return x;
    }
}
