namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// What <see cref="RobustDenoisingValidation"/> measured, means over the validation slices: the probe's relative
/// output change (0.05 = 5%), the HU a uniform +80 HU offset moved the uniform organ by, the HU the noise-free truth
/// moved by (content bias), the denoised low dose's mean HU bias, and the PSNR of the output and of the low-dose
/// input in the soft-tissue window over the body; and the largest |mean HU bias| of one slice.
/// </summary>
internal sealed record RobustSelectionFigures(double ProbeChange, double OffsetPassedHu, double ContentBiasHu, double BiasHu, double PsnrDb, double InputPsnrDb, double LargestBiasHu = 0);
