namespace RadCnn.Plugins.Segmentation.Inference;

using RadCnn.Plugins.Segmentation.Volumes;

/// <summary>
/// Sliding-window inference as MONAI and nnU-Net do it: overlapping windows of the model's patch size
/// cover the volume, each window's probabilities are weighted by a Gaussian centred on the window
/// (σ = patch / 8), and every voxel gets the weighted mean. Memory stays bounded by the patch, so any
/// volume size works; a volume smaller than the patch is padded.
/// </summary>
internal sealed class SlidingWindow
{
    private readonly float[] importance;

    public SlidingWindow((int Depth, int Height, int Width) patch, double overlap = 0.5, int parallelWindows = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlap, 1);
        Patch = patch;
        Overlap = overlap;
        ParallelWindows = parallelWindows;
        importance = Gaussian(patch);
    }

    public (int Depth, int Height, int Width) Patch { get; }

    public double Overlap { get; }

    /// <summary>Windows in flight at once, so the engine can batch them.</summary>
    public int ParallelWindows { get; }

    public int PatchVoxels => Patch.Depth * Patch.Height * Patch.Width;

    /// <summary>Window start positions along one axis: overlapping steps, the last window flush with the end.</summary>
    public static IReadOnlyList<int> Starts(int length, int patch, double overlap)
    {
        if (length <= patch)
        {
            return [0];
        }

        var step = Math.Max(1, (int)Math.Floor(patch * (1 - overlap)));
        var starts = new List<int>();
        for (var s = 0; s + patch < length; s += step)
        {
            starts.Add(s);
        }

        starts.Add(length - patch);
        return starts;
    }

    /// <summary>
    /// Probabilities (0-1) for every voxel of <paramref name="input"/> (already normalised), from
    /// <paramref name="predict"/>, which turns one patch into one logit per voxel.
    /// </summary>
    public async Task<float[]> PredictAsync(CtVolume input, float padValue, Func<float[], CancellationToken, Task<float[]>> predict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(predict);
        var size = (Depth: Math.Max(input.Depth, Patch.Depth), Height: Math.Max(input.Height, Patch.Height), Width: Math.Max(input.Width, Patch.Width));
        var windows = (
            from z in Starts(size.Depth, Patch.Depth, Overlap)
            from y in Starts(size.Height, Patch.Height, Overlap)
            from x in Starts(size.Width, Patch.Width, Overlap)
            select (z, y, x)).ToList();
        var sum = new float[size.Depth * size.Height * size.Width];
        var weight = new float[sum.Length];
        var gate = new object();
        using var slots = new SemaphoreSlim(ParallelWindows);
        var tasks = windows.Select(async w =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var patch = Extract(input, w, padValue);
                var logits = await predict(patch, cancellationToken).ConfigureAwait(false);
                lock (gate)
                {
                    Accumulate(sum, weight, size, w, logits);
                }
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);

        var result = new float[input.Count];
        for (var z = 0; z < input.Depth; z++)
        {
            for (var y = 0; y < input.Height; y++)
            {
                for (var x = 0; x < input.Width; x++)
                {
                    var i = (((z * size.Height) + y) * size.Width) + x;
                    result[(((z * input.Height) + y) * input.Width) + x] = weight[i] > 0 ? sum[i] / weight[i] : 0;
                }
            }
        }

        return result;
    }

    /// <summary>The patch whose window is centred as near as possible on voxel (z, y, x), and the window's start.</summary>
    public (float[] Patch, (int Z, int Y, int X) Start) PatchAround(CtVolume input, (int Z, int Y, int X) center, float padValue)
    {
        static int StartFor(int c, int patch, int length) => Math.Clamp(c - (patch / 2), 0, Math.Max(0, length - patch));
        var start = (StartFor(center.Z, Patch.Depth, input.Depth), StartFor(center.Y, Patch.Height, input.Height), StartFor(center.X, Patch.Width, input.Width));
        return (Extract(input, start, padValue), start);
    }

    public float[] Extract(CtVolume input, (int Z, int Y, int X) start, float padValue)
    {
        var patch = new float[PatchVoxels];
        for (var z = 0; z < Patch.Depth; z++)
        {
            for (var y = 0; y < Patch.Height; y++)
            {
                for (var x = 0; x < Patch.Width; x++)
                {
                    var (sz, sy, sx) = (start.Z + z, start.Y + y, start.X + x);
                    patch[(((z * Patch.Height) + y) * Patch.Width) + x] = sz < input.Depth && sy < input.Height && sx < input.Width ? input[sz, sy, sx] : padValue;
                }
            }
        }

        return patch;
    }

    private void Accumulate(float[] sum, float[] weight, (int Depth, int Height, int Width) size, (int Z, int Y, int X) start, float[] logits)
    {
        for (var z = 0; z < Patch.Depth; z++)
        {
            for (var y = 0; y < Patch.Height; y++)
            {
                var target = ((((start.Z + z) * size.Height) + start.Y + y) * size.Width) + start.X;
                var source = ((z * Patch.Height) + y) * Patch.Width;
                for (var x = 0; x < Patch.Width; x++)
                {
                    var w = importance[source + x];
                    sum[target + x] += w * Sigmoid(logits[source + x]);
                    weight[target + x] += w;
                }
            }
        }
    }

    private static float Sigmoid(float logit) => 1f / (1f + MathF.Exp(-logit));

    private static float[] Gaussian((int Depth, int Height, int Width) patch)
    {
        var map = new float[patch.Depth * patch.Height * patch.Width];
        static double Term(int i, int n) => Math.Pow((i - ((n - 1) / 2.0)) / (n / 8.0), 2) / 2;
        var i = 0;
        for (var z = 0; z < patch.Depth; z++)
        {
            for (var y = 0; y < patch.Height; y++)
            {
                for (var x = 0; x < patch.Width; x++)
                {
                    // Floored so that window borders, where padding effects live, still count a little.
                    map[i++] = (float)Math.Max(Math.Exp(-(Term(z, patch.Depth) + Term(y, patch.Height) + Term(x, patch.Width))), 1e-3);
                }
            }
        }

        return map;
    }
}
