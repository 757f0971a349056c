namespace RadCnn.Plugins.Classification.Candidates;

/// <summary>
/// The lungs on an axial grid, slice by slice: air (below -400 HU) that is not connected to the air
/// around the body, with everything it encloses (vessels, nodules) filled in. Column fastest, then row, then slice.
/// </summary>
internal static class LungMask
{
    public const float AirHu = -400;

    public static bool[] Compute(float[] hu, int columns, int rows, int slices)
    {
        var mask = new bool[hu.Length];
        Parallel.For(0, slices, s =>
        {
            var offset = s * rows * columns;
            var air = new bool[rows * columns];
            for (var i = 0; i < air.Length; i++)
            {
                air[i] = hu[offset + i] < AirHu;
            }

            // Air reached from the border is outside the body; the rest of the air is lung (or airway).
            var outside = FloodFromBorder(air, columns, rows);
            var lung = new bool[air.Length];
            for (var i = 0; i < air.Length; i++)
            {
                lung[i] = air[i] && !outside[i];
            }

            // Fill what the lungs enclose: everything not reachable from the border without crossing lung.
            var open = new bool[air.Length];
            for (var i = 0; i < air.Length; i++)
            {
                open[i] = !lung[i];
            }

            var reachable = FloodFromBorder(open, columns, rows);
            for (var i = 0; i < air.Length; i++)
            {
                mask[offset + i] = lung[i] || !reachable[i];
            }
        });
        return mask;
    }

    /// <summary>Pixels of <paramref name="passable"/> connected (4-neighbour) to the image border.</summary>
    private static bool[] FloodFromBorder(bool[] passable, int columns, int rows)
    {
        var reached = new bool[passable.Length];
        var queue = new Queue<int>();
        void Seed(int i)
        {
            if (passable[i] && !reached[i])
            {
                reached[i] = true;
                queue.Enqueue(i);
            }
        }

        for (var c = 0; c < columns; c++)
        {
            Seed(c);
            Seed(((rows - 1) * columns) + c);
        }

        for (var r = 0; r < rows; r++)
        {
            Seed(r * columns);
            Seed((r * columns) + columns - 1);
        }

        while (queue.Count > 0)
        {
            var i = queue.Dequeue();
            var c = i % columns;
            var r = i / columns;
            if (c > 0)
            {
                Seed(i - 1);
            }

            if (c < columns - 1)
            {
                Seed(i + 1);
            }

            if (r > 0)
            {
                Seed(i - columns);
            }

            if (r < rows - 1)
            {
                Seed(i + columns);
            }
        }

        return reached;
    }
}
