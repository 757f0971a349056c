namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// The texture one organ of a textured body slice received: its SD over <paramref name="Region"/> (the pixels wholly
/// inside the organ and not covered by a later structure) and the smoothing kernel's SD.
/// </summary>
internal sealed record OrganTexture(string Organ, double AmplitudeHu, double KernelSigmaMm, byte[] Region);
