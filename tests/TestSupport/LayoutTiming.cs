using System.Diagnostics;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace RadCnn.TestSupport;

/// <summary>
/// For the benches: a network's forward pass timed in the channels-last and the default layout, alternating in the
/// same process (so a load change on the shared machine hits both), wall and process CPU seconds per pass (on the
/// shared machine the wall time partly measures the other processes), with the largest difference between the two
/// layouts' outputs.
/// </summary>
public static class LayoutTiming
{
    /// <param name="setChannelsLast">Switches the network's layout (its internal <c>UseChannelsLast</c>).</param>
    /// <param name="forward">One forward pass in evaluation mode on a fixed input.</param>
    /// <param name="rounds">Timed passes per layout, after one untimed pass each.</param>
    public static JsonObject Compare(Action<bool> setChannelsLast, Func<Tensor> forward, int rounds)
    {
        ArgumentNullException.ThrowIfNull(setChannelsLast);
        ArgumentNullException.ThrowIfNull(forward);
        using var noGrad = no_grad();
        double difference;
        using (var scope = NewDisposeScope())
        {
            setChannelsLast(false);
            var plain = forward();
            setChannelsLast(true);
            difference = forward().sub(plain).abs().max().item<float>();
        }

        var seconds = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        var cpuSeconds = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var channelsLast in new[] { true, false })
            {
                setChannelsLast(channelsLast);
                using var scope = NewDisposeScope();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                forward();
                if (round > 0)
                {
                    seconds[channelsLast].Add(watch.Elapsed.TotalSeconds);
                    cpuSeconds[channelsLast].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                }
            }
        }

        setChannelsLast(true);
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        return new JsonObject
        {
            ["channels_last_median_seconds"] = Math.Round(Median(seconds[true]), 4),
            ["default_layout_median_seconds"] = Math.Round(Median(seconds[false]), 4),
            ["channels_last_median_cpu_seconds"] = Math.Round(Median(cpuSeconds[true]), 4),
            ["default_layout_median_cpu_seconds"] = Math.Round(Median(cpuSeconds[false]), 4),
            ["rounds"] = rounds,
            ["max_output_difference"] = difference,
        };
    }
}
