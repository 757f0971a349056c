namespace RadCnn.Plugins.Segmentation.Analysis;

/// <summary>
/// The level and spread of the values inside a mask that its minority of outliers hardly moves: the median and 1.4826 ×
/// the median absolute deviation (the SD of Gaussian values). Both are exact order statistics, the element at half the
/// count (the upper median for an even count), found by selection on one copy of the masked values, not by sorting.
/// </summary>
internal static class RobustLevel
{
    /// <summary>The factor that makes the median absolute deviation of Gaussian values their SD.</summary>
    public const double MadToSd = 1.4826;

    /// <summary>Median and robust SD of <paramref name="values"/> where <paramref name="mask"/> is set; null for an empty mask.</summary>
    public static (double Median, double Sd)? Of(float[] values, bool[] mask)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(mask);
        var count = 0;
        foreach (var m in mask)
        {
            count += m ? 1 : 0;
        }

        if (count == 0)
        {
            return null;
        }

        var inside = new float[count];
        var n = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                inside[n++] = values[i];
            }
        }

        var median = Select(inside, count / 2);
        for (var i = 0; i < inside.Length; i++)
        {
            inside[i] = Math.Abs(inside[i] - median);
        }

        return (median, MadToSd * Select(inside, count / 2));
    }

    /// <summary>The <paramref name="k"/>-th smallest element (0-based) of <paramref name="a"/>, which it reorders (Hoare's selection).</summary>
    internal static float Select(float[] a, int k)
    {
        var (left, right) = (0, a.Length - 1);
        while (left < right)
        {
            var pivot = a[left + ((right - left) / 2)];
            var (i, j) = (left, right);
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return a[k];
            }
        }

        return a[k];
    }
}
