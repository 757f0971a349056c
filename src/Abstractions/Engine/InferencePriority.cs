namespace RadCnn.Abstractions.Engine;

/// <summary>How urgently a request must run. Stat work overtakes queued routine and background work.</summary>
public enum InferencePriority
{
    /// <summary>Urgent: a radiologist is waiting (emergency department, stroke pathway).</summary>
    Stat = 0,

    /// <summary>Ordinary clinical work.</summary>
    Routine = 1,

    /// <summary>Re-runs, evaluation and anything that can wait.</summary>
    Background = 2,
}
