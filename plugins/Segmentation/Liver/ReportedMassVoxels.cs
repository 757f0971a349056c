using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// The cascade's reported masses with each one's source voxels, from one labelling of the series' mass mask, done on the
/// first question asked: which path found a mass, whether it touches a true mass, and where the candidates' probe attacks
/// all read these lists. On a 512×512×200 series each labelling is a series-sized label array, so asking three times
/// used to label three times.
/// </summary>
internal sealed class ReportedMassVoxels(CtVolume hu, bool[] masses, IReadOnlyList<LesionMeasure> lesions)
{
    private Dictionary<LesionMeasure, int[]>? voxels;

    /// <summary>The reported masses of <paramref name="cascade"/>.</summary>
    public static ReportedMassVoxels Of(CtVolume hu, CascadeResult cascade) => new(hu, cascade.Masses, cascade.Lesions);

    /// <summary>The mask the masses were labelled from.</summary>
    public bool[] Mask => masses;

    /// <summary>The reported masses, in the cascade's order.</summary>
    public IReadOnlyList<LesionMeasure> Lesions => lesions;

    /// <summary>
    /// The voxels (source indices, ascending) of <paramref name="lesion"/>, or null when it is not a component of the mask
    /// (a mass is found again by its voxel count and centre: its label changes when specks are dropped, its voxels do not).
    /// </summary>
    public int[]? VoxelsOf(LesionMeasure lesion) => Labelled().GetValueOrDefault(lesion);

    /// <summary>The reported masses whose voxels pass <paramref name="test"/>, in the cascade's order.</summary>
    public IReadOnlyList<LesionMeasure> Whose(Func<int[], bool> test) =>
        lesions.Count == 0 ? [] : lesions.Where(l => VoxelsOf(l) is { } v && test(v)).ToList();

    private Dictionary<LesionMeasure, int[]> Labelled()
    {
        if (voxels is not null)
        {
            return voxels;
        }

        var (labels, sizes) = ConnectedComponents.Label(masses, hu.Depth, hu.Height, hu.Width);
        var members = new List<int>[sizes.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] != 0)
            {
                (members[labels[i] - 1] ??= []).Add(i);
            }
        }

        voxels = [];
        foreach (var lesion in lesions)
        {
            if (members.FirstOrDefault(m => m is not null && m.Count == lesion.Voxels && SameCentre(m, lesion.CenterVoxel)) is { } found)
            {
                voxels[lesion] = [.. found];
            }
        }

        return voxels;
    }

    private bool SameCentre(List<int> members, (double Z, double Y, double X) centre)
    {
        var (z, y, x) = ClassicalMassProbe.Centre(members, hu);
        return Math.Abs(z - centre.Z) < 1e-6 && Math.Abs(y - centre.Y) < 1e-6 && Math.Abs(x - centre.X) < 1e-6;
    }
}
