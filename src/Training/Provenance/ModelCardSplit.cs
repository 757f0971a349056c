namespace RadCnn.Training.Provenance;

/// <summary>Size of one split.</summary>
internal sealed record ModelCardSplit(int Images, int Patients);
