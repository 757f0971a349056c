using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace RadCnn.Abstractions.Tests.Tensors;

/// <summary>
/// Runs one Scalar-taking tensor operation again and again while another thread allocates and forces full
/// collections with finalisers run, and counts the results that are wrong or that libtorch rejects.
/// </summary>
internal static class ScalarLifetimeStress
{
    public sealed record Outcome(long Operations, long Faults, string? FirstFault, TimeSpan Elapsed);

    /// <param name="operation">Adds 0.5 times a tensor of ones to a tensor of zeros, with the Scalar alpha supplied however the caller chooses.</param>
    /// <param name="duration">The longest the run lasts.</param>
    /// <param name="stopAtFault">Whether the first fault ends the run.</param>
    public static Outcome Run(Func<Tensor, Tensor, Tensor> operation, TimeSpan duration, bool stopAtFault)
    {
        using var zero = zeros(4096);
        using var one = ones(4096);
        using var stop = new CancellationTokenSource(duration);
        var collector = new Thread(() =>
        {
            var garbage = new List<byte[]>();
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < 64; i++)
                {
                    garbage.Add(new byte[1024]);
                }

                garbage.Clear();
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        })
        { IsBackground = true, Name = "stress collector" };
        collector.Start();
        long operations = 0, faults = 0;
        string? first = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (!stop.IsCancellationRequested && !(stopAtFault && faults > 0))
            {
                using var scope = NewDisposeScope();
                for (var i = 0; i < 256; i++)
                {
                    operations++;
                    try
                    {
                        var sum = operation(zero, one);
                        var value = sum[0].item<float>();
                        if (value != 0.5f)
                        {
                            faults++;
                            first ??= $"0 + 0.5 × 1 gave {value}";
                        }
                    }
                    catch (ExternalException e)
                    {
                        faults++;
                        first ??= e.Message.Split('\n')[0];
                    }
                }
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }

        return new Outcome(operations, faults, first, clock.Elapsed);
    }
}
