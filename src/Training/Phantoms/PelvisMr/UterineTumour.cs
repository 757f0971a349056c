namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>
/// A tumour growing from the cavity or canal outward: centred at <see cref="CentreT"/> along the
/// uterine centreline (0 os, 1 fundus), spanning ±<see cref="HalfLengthT"/>, towards <see cref="Angle"/>
/// around the centreline within ±<see cref="HalfAngle"/>, reaching <see cref="DrawnDepth"/> of the wall
/// (0 = confined to the lining, 1 = the serosa). <see cref="Signal"/> is its T2 signal before bias and noise.
/// </summary>
public sealed record UterineTumour(UterineTumourKind Kind, double CentreT, double HalfLengthT, double Angle, double HalfAngle, double DrawnDepth, double Signal);
