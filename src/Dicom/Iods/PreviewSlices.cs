namespace RadCnn.Dicom.Iods;

/// <summary>
/// Which slices a segmentation preview shows. The slices with the most segmented area are the
/// neighbours of the largest cross-section, nearly alike, and a small segment (a mass beside a
/// liver) is lost among them; so each segment's largest slice comes first, and the rest are spread
/// evenly through the slices where anything is segmented, in stack order.
/// </summary>
internal static class PreviewSlices
{
    /// <param name="areas">Per segment, its segmented pixels on each slice (index = slice in source order).</param>
    /// <param name="stackRank">Each slice's place in the stack.</param>
    /// <param name="maxSlices">Most slices to choose (at least one).</param>
    /// <returns>The chosen slices in stack order.</returns>
    public static List<int> Choose(IReadOnlyList<int[]> areas, IReadOnlyList<int> stackRank, int maxSlices)
    {
        var count = stackRank.Count;
        var wanted = Math.Clamp(maxSlices, 1, Math.Max(1, count));
        var chosen = new HashSet<int>();
        foreach (var segment in areas)
        {
            var largest = Enumerable.Range(0, count).Where(s => segment[s] > 0).OrderByDescending(s => segment[s]).ThenBy(s => stackRank[s]).FirstOrDefault(-1);
            if (largest >= 0 && chosen.Count < wanted)
            {
                chosen.Add(largest);
            }
        }

        var segmented = Enumerable.Range(0, count).Where(s => areas.Any(a => a[s] > 0)).OrderBy(s => stackRank[s]).ToList();
        var pool = segmented.Count > 0 ? segmented : [.. Enumerable.Range(0, count).OrderBy(s => stackRank[s])];
        // Evenly spread over the pool: the centres of equal parts, skipping slices already chosen.
        var free = pool.Where(s => !chosen.Contains(s)).ToList();
        var more = Math.Min(wanted - chosen.Count, free.Count);
        for (var k = 0; k < more; k++)
        {
            chosen.Add(free[(int)((k + 0.5) * free.Count / more)]);
        }

        return [.. chosen.OrderBy(s => stackRank[s])];
    }
}
