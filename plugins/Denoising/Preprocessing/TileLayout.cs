namespace RadCnn.Plugins.Denoising.Preprocessing;

/// <summary>
/// Whole slices through a fixed-size network in overlapping tiles, blended so no seam shows: each
/// tile's output is weighted by a separable ramp that falls towards the tile's edges over the
/// overlap (where an unpadded network sees least context), and every pixel is the weighted mean of
/// the tiles covering it. The first <see cref="ContextRadius"/> pixels of a tile edge, which the
/// network computes without full context, are nearly ignored where another tile covers them.
/// Slices smaller than a tile are padded with air.
/// </summary>
internal sealed class TileLayout
{
    public TileLayout(int rows, int columns, int tile, int overlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tile, 8);
        if (overlap < 0 || overlap * 2 >= tile)
        {
            throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "the overlap must be at least 0 and less than half a tile");
        }

        Rows = rows;
        Columns = columns;
        Tile = tile;
        Overlap = overlap;
        RowStarts = Starts(rows, tile, overlap);
        ColumnStarts = Starts(columns, tile, overlap);
        Weights = new float[tile];
        var margin = Math.Min(ContextRadius, overlap / 2);
        for (var i = 0; i < tile; i++)
        {
            var distance = Math.Min(i, tile - 1 - i);
            Weights[i] = overlap == 0 ? 1 : Math.Clamp((distance - margin + 1) / (float)(overlap - margin + 1), MinimumWeight, 1f);
        }
    }

    /// <summary>
    /// Pixels from a tile edge that the network computes without full context (the receptive-field
    /// radius of four 3×3 convolutions and four 3×3 transposed convolutions): weighted almost nil
    /// wherever another tile covers them with context.
    /// </summary>
    public const int ContextRadius = 8;

    /// <summary>Keeps the weights positive, so pixels only one tile covers (the slice's own border) still get a value.</summary>
    private const float MinimumWeight = 1e-3f;

    public int Rows { get; }

    public int Columns { get; }

    public int Tile { get; }

    public int Overlap { get; }

    public IReadOnlyList<int> RowStarts { get; }

    public IReadOnlyList<int> ColumnStarts { get; }

    public int Count => RowStarts.Count * ColumnStarts.Count;

    /// <summary>The per-pixel weight along one tile side.</summary>
    public float[] Weights { get; }

    /// <summary>Runs every tile of one slice (values already normalised) and blends the outputs.</summary>
    /// <param name="slice">Rows × columns values, row-major.</param>
    /// <param name="padValue">Value for pixels beyond a slice smaller than a tile (air).</param>
    /// <param name="run">The network on one tile (tile × tile in, tile × tile out); tiles may run concurrently.</param>
    public async Task<float[]> RunAsync(float[] slice, float padValue, Func<float[], Task<float[]>> run)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(run);
        var jobs = new List<(int Top, int Left, Task<float[]> Output)>();
        foreach (var top in RowStarts)
        {
            foreach (var left in ColumnStarts)
            {
                jobs.Add((top, left, run(Cut(slice, top, left, padValue))));
            }
        }

        var sum = new double[Rows * Columns];
        var weight = new double[Rows * Columns];
        foreach (var (top, left, task) in jobs)
        {
            var output = await task.ConfigureAwait(false);
            for (var r = 0; r < Tile && top + r < Rows; r++)
            {
                for (var c = 0; c < Tile && left + c < Columns; c++)
                {
                    var w = Weights[r] * Weights[c];
                    var i = ((top + r) * Columns) + left + c;
                    sum[i] += w * output[(r * Tile) + c];
                    weight[i] += w;
                }
            }
        }

        var blended = new float[Rows * Columns];
        for (var i = 0; i < blended.Length; i++)
        {
            blended[i] = (float)(sum[i] / weight[i]);
        }

        return blended;
    }

    private float[] Cut(float[] slice, int top, int left, float padValue)
    {
        var tile = new float[Tile * Tile];
        Array.Fill(tile, padValue);
        for (var r = 0; r < Tile && top + r < Rows; r++)
        {
            var width = Math.Min(Tile, Columns - left);
            Array.Copy(slice, ((top + r) * Columns) + left, tile, r * Tile, width);
        }

        return tile;
    }

    /// <summary>Tile origins along one axis: a fixed stride, the last tile flush with the far edge.</summary>
    private static int[] Starts(int length, int tile, int overlap)
    {
        if (length <= tile)
        {
            return [0];
        }

        var stride = tile - (2 * overlap);
        var starts = new List<int>();
        for (var s = 0; s + tile < length; s += stride)
        {
            starts.Add(s);
        }

        starts.Add(length - tile);
        return [.. starts.Distinct()];
    }
}
