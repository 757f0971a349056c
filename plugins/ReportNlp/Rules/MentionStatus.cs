namespace RadCnn.Plugins.ReportNlp.Rules;

/// <summary>How the rule baseline reads one mention of pulmonary embolism.</summary>
internal enum MentionStatus
{
    /// <summary>Stated as present now (certain or probable).</summary>
    Affirmed,

    /// <summary>Inside the scope of a negation ("no", "without", "... ruled out").</summary>
    Negated,

    /// <summary>Inside the scope of a low-certainty hedge ("cannot be excluded", "possible").</summary>
    Uncertain,

    /// <summary>A question or earlier event: the indication or history ("r/o PE", "history of PE").</summary>
    Historical,

    /// <summary>In a sentence about chronic (old, organised) disease with nothing acute.</summary>
    Chronic,

    /// <summary>Not a finding at all ("PE protocol").</summary>
    Pseudo,
}
