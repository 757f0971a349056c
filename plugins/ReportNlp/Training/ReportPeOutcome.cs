namespace RadCnn.Plugins.ReportNlp.Training;

/// <summary>What <see cref="ReportPeTrainer"/> returns: the best epoch's weights (TorchSharp state dict), calibration and validation figures.</summary>
internal sealed record ReportPeOutcome(byte[] Weights, double Temperature, double Threshold, Dictionary<string, double> Validation, IReadOnlyList<string> History);
