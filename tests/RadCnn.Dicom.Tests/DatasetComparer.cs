namespace RadCnn.Dicom.Tests;

/// <summary>Structural comparison of two datasets: same tags in the same nesting, same VRs, same value bytes.</summary>
internal static class DatasetComparer
{
    public static List<string> Differences(DicomDataset expected, DicomDataset actual, string path = "", bool privateMayBecomeUN = false)
    {
        var differences = new List<string>();
        Compare(expected, actual, path, differences, privateMayBecomeUN);
        return differences;
    }

    private static void Compare(DicomDataset expected, DicomDataset actual, string path, List<string> differences, bool privateMayBecomeUN = false)
    {
        var a = expected.ToList();
        var b = actual.ToList();
        if (!a.Select(i => i.Tag).SequenceEqual(b.Select(i => i.Tag)))
        {
            differences.Add($"{path}: tags differ: [{string.Join(' ', a.Select(i => i.Tag))}] vs [{string.Join(' ', b.Select(i => i.Tag))}]");
            return;
        }

        for (var i = 0; i < a.Count; i++)
        {
            var p = $"{path}/{a[i].Tag}";
            // Implicit VR cannot say a private element's VR (read back, it is UN with the same bytes), nor
            // OB from OW for pixel data (implicit VR pixel data is OW, PS3.5 A.1).
            var vrLost = privateMayBecomeUN && ((a[i].Tag.IsPrivate && b[i].VR == DicomVR.UN)
                || (a[i].VR == DicomVR.OB && b[i].VR == DicomVR.OW));
            if ((a[i].VR != b[i].VR && !vrLost) || a[i].GetType() != b[i].GetType())
            {
                differences.Add($"{p}: {a[i]} vs {b[i]}");
                continue;
            }

            switch (a[i])
            {
                case DicomElement e when !e.GetBytes().Span.SequenceEqual(((DicomElement)b[i]).GetBytes().Span) && !e.Tag.IsGroupLength:
                    differences.Add($"{p}: value bytes differ");
                    break;
                case DicomSequence s:
                    var t = (DicomSequence)b[i];
                    if (s.Items.Count != t.Items.Count)
                    {
                        differences.Add($"{p}: {s.Items.Count} vs {t.Items.Count} items");
                        break;
                    }

                    for (var j = 0; j < s.Items.Count; j++)
                    {
                        Compare(s.Items[j], t.Items[j], $"{p}[{j}]", differences, privateMayBecomeUN);
                    }

                    break;
                case DicomFragmentSequence f:
                    var g = (DicomFragmentSequence)b[i];
                    if (f.FragmentCount != g.FragmentCount || !f.BasicOffsetTable.SequenceEqual(g.BasicOffsetTable)
                        || Enumerable.Range(0, f.FragmentCount).Any(k => !f.GetFragment(k).Span.SequenceEqual(g.GetFragment(k).Span)))
                    {
                        differences.Add($"{p}: fragments differ");
                    }

                    break;
            }
        }
    }
}
