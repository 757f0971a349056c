namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>Which of the two pelvic MR generators draws a phantom.</summary>
public enum PelvisMrStyle
{
    /// <summary>T2-weighted fast spin echo: bright fat, urine and endometrium, smooth uteri, Rician noise, a polynomial bias field. The training generator.</summary>
    T2 = 0,

    /// <summary>
    /// A deliberately different generator for out-of-distribution checks: fat-suppressed T2 (dark fat),
    /// lobulated uteri with dark fibroids, a thick and less distinct junctional zone, a surface-coil bias
    /// (bright anteriorly, falling off with depth) and phase-encode ghosting instead of a polynomial field.
    /// </summary>
    Alternate = 1,
}
