namespace RadCnn.Plugins.Segmentation.Analysis;

/// <summary>6-connected components of a 3D mask, [slice][row][column].</summary>
internal static class ConnectedComponents
{
    /// <summary>A label per voxel (0 outside the mask, 1..n by first voxel in scan order) and each component's voxel count.</summary>
    public static (int[] Labels, IReadOnlyList<int> Sizes) Label(bool[] mask, int depth, int height, int width)
    {
        var labels = new int[mask.Length];
        var sizes = new List<int>();
        var queue = new Queue<int>();
        var plane = height * width;
        for (var start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || labels[start] != 0)
            {
                continue;
            }

            var label = sizes.Count + 1;
            var size = 0;
            labels[start] = label;
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                var i = queue.Dequeue();
                size++;
                var z = i / plane;
                var y = (i % plane) / width;
                var x = i % width;
                Visit(x > 0, i - 1);
                Visit(x < width - 1, i + 1);
                Visit(y > 0, i - width);
                Visit(y < height - 1, i + width);
                Visit(z > 0, i - plane);
                Visit(z < depth - 1, i + plane);
            }

            sizes.Add(size);

            void Visit(bool inside, int j)
            {
                if (inside && mask[j] && labels[j] == 0)
                {
                    labels[j] = label;
                    queue.Enqueue(j);
                }
            }
        }

        return (labels, sizes);
    }

    /// <summary>The mask reduced to its largest component (an organ is one piece; stray islands are false positives).</summary>
    public static bool[] Largest(bool[] mask, int depth, int height, int width)
    {
        var (labels, sizes) = Label(mask, depth, height, width);
        if (sizes.Count <= 1)
        {
            return (bool[])mask.Clone();
        }

        var keep = 1 + sizes.Select((s, i) => (s, i)).MaxBy(t => t.s).i;
        return labels.Select(l => l == keep).ToArray();
    }
}
