namespace RadCnn.Dicom.Iods;

/// <summary>SCOORD graphic types (PS3.3 C.18.6.1.2).</summary>
public enum RegionShape
{
    /// <summary>One (column, row) point.</summary>
    Point,

    /// <summary>Several unconnected points.</summary>
    Multipoint,

    /// <summary>A closed polygon: the first point is repeated at the end where it is not already.</summary>
    Polygon,

    /// <summary>Centre, then one point on the circle.</summary>
    Circle,

    /// <summary>Both ends of the major axis, then both ends of the minor axis.</summary>
    Ellipse,
}
