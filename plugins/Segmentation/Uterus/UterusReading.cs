using RadCnn.Abstractions.Engine;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>The uterus model's result with each segment's FGSM robustness (probed on the slice where that segment is largest) and mean probabilities.</summary>
internal sealed record UterusReading(UterusResult Result, RobustnessReport? UterusRobustness, RobustnessReport? TumourRobustness, double UterusProbability, double TumourProbability, int UterusKeySlice, int? TumourKeySlice);
