namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>The filter of filtered back-projection.</summary>
public enum ReconstructionFilter
{
    /// <summary>Ram-Lak: sharpest, noisiest.</summary>
    Ramp = 0,

    /// <summary>Ramp times a Hann window: smoother noise, slightly blurred edges.</summary>
    Hann = 1,
}
