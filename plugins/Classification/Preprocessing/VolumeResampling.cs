namespace RadCnn.Plugins.Classification.Preprocessing;

/// <summary>
/// How the candidate grid and the network inputs sample the source volume where their step is coarser
/// than the source voxels (a 2 mm grid or a 3 mm cube step on 0.7 mm pixels).
/// </summary>
internal enum VolumeResampling
{
    /// <summary>One trilinear sample at each target point (the shipped behaviour): on fine scans a target sample
    /// sees one source voxel's noise out of the several its step covers.</summary>
    Point,

    /// <summary>The mean over each target sample's footprint in the slice's plane (row and column axes) only: the
    /// axes in which a 512 matrix differs from the 128 one the models were trained on (the phantoms' slice spacing
    /// does not depend on the matrix, so the slice axis is sampled as in training).</summary>
    AreaInPlane,

    /// <summary>The mean over each target sample's footprint along every axis, the slice axis included.</summary>
    Area,
}
