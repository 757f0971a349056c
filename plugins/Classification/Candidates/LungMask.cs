namespace RadCnn.Plugins.Classification.Candidates;

/// <summary>
/// The lungs on an axial grid, slice by slice: air (below -400 HU) that is not connected to the air
/// around the body, optionally closed in 3D, with everything it encloses (vessels, nodules) filled in.
/// Column fastest, then row, then slice.
/// </summary>
internal static class LungMask
{
    public const float AirHu = -400;

    public static bool[] Compute(float[] hu, int columns, int rows, int slices, int closingVoxels = 0)
    {
        var lung = new bool[hu.Length];
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
            for (var i = 0; i < air.Length; i++)
            {
                lung[offset + i] = air[i] && !outside[i];
            }
        });

        if (closingVoxels > 0)
        {
            lung = Close(lung, columns, rows, slices, closingVoxels);
        }

        var mask = new bool[hu.Length];
        Parallel.For(0, slices, s =>
        {
            // Fill what the lungs enclose: everything not reachable from the border without crossing lung.
            var offset = s * rows * columns;
            var open = new bool[rows * columns];
            for (var i = 0; i < open.Length; i++)
            {
                open[i] = !lung[offset + i];
            }

            var reachable = FloodFromBorder(open, columns, rows);
            for (var i = 0; i < open.Length; i++)
            {
                mask[offset + i] = lung[offset + i] || !reachable[i];
            }
        });
        return mask;
    }

    /// <summary>
    /// Morphological closing in 3D: <paramref name="radius"/> dilations, then as many erosions, the
    /// neighbourhood alternating between 6 and 26 neighbours (a rough ball). Beyond the volume counts
    /// as lung for the erosions, so the lungs are not eaten where the scan cuts through them.
    /// </summary>
    public static bool[] Close(bool[] mask, int columns, int rows, int slices, int radius)
    {
        var current = mask;
        for (var step = 0; step < 2 * radius; step++)
        {
            current = Morph(current, columns, rows, slices, dilate: step < radius, full: step % 2 == 1);
        }

        return current;
    }

    private static bool[] Morph(bool[] mask, int columns, int rows, int slices, bool dilate, bool full)
    {
        var result = new bool[mask.Length];
        Parallel.For(0, slices, z =>
        {
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    var i = (((z * rows) + y) * columns) + x;
                    var value = mask[i];
                    for (var dz = -1; dz <= 1 && value != dilate; dz++)
                    {
                        for (var dy = -1; dy <= 1 && value != dilate; dy++)
                        {
                            for (var dx = -1; dx <= 1; dx++)
                            {
                                if (!full && Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz) != 1)
                                {
                                    continue;
                                }

                                var (a, b, c) = (x + dx, y + dy, z + dz);
                                var inside = a >= 0 && b >= 0 && c >= 0 && a < columns && b < rows && c < slices;
                                var neighbour = inside ? mask[(((c * rows) + b) * columns) + a] : !dilate;
                                if (neighbour == dilate)
                                {
                                    value = dilate;
                                    break;
                                }
                            }
                        }
                    }

                    result[i] = value;
                }
            }
        });
        return result;
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
