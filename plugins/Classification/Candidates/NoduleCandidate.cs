using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Plugins.Classification.Candidates;

/// <summary>A bright blob inside the lungs: its centre (patient mm), estimated diameter (mm) and blob strength.</summary>
internal sealed record NoduleCandidate(Vector3D Centre, double DiameterMm, double Response);
