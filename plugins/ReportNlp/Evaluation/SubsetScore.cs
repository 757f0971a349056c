namespace RadCnn.Plugins.ReportNlp.Evaluation;

/// <summary>Accuracy on one subset (negated, hedged, history, plain) with its Wilson 95% interval.</summary>
internal sealed record SubsetScore(int Reports, double Accuracy, double Lower, double Upper);
