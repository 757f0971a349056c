namespace RadCnn.Abstractions.WorkItems;

/// <summary>A point or direction in the DICOM patient coordinate system (LPS, millimetres).</summary>
public readonly record struct Vector3D(double X, double Y, double Z)
{
    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt(Dot(this, this));

    /// <summary>Component-wise sum.</summary>
    public static Vector3D operator +(Vector3D a, Vector3D b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Scaled by <paramref name="s"/>.</summary>
    public static Vector3D operator *(double s, Vector3D v) => new(s * v.X, s * v.Y, s * v.Z);

    /// <summary>Component-wise sum (named form of <c>+</c>).</summary>
    public static Vector3D Add(Vector3D a, Vector3D b) => a + b;

    /// <summary>Scaled (named form of <c>*</c>).</summary>
    public static Vector3D Multiply(double s, Vector3D v) => s * v;

    /// <summary>Dot product.</summary>
    public static double Dot(Vector3D a, Vector3D b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

    /// <summary>Cross product (the slice normal is row direction × column direction).</summary>
    public static Vector3D Cross(Vector3D a, Vector3D b) =>
        new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));
}
