using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Plugins.Classification.Training;

/// <summary>A ground-truth nodule: centre (patient mm), diameter (mm) and whether it is malignant.</summary>
internal sealed record LabelledNodule(Vector3D Centre, double DiameterMm, bool Malignant)
{
    /// <summary>Whether a point hits this nodule: within its radius, and never less than 4 mm (the LUNA16 rule, widened for small nodules).</summary>
    public bool Contains(Vector3D point)
    {
        var dx = point.X - Centre.X;
        var dy = point.Y - Centre.Y;
        var dz = point.Z - Centre.Z;
        return Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz)) <= Math.Max(DiameterMm / 2, 4);
    }
}
