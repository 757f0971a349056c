namespace RadCnn.Host.Runner;

/// <summary>How a runner left a job: finished (done, dead, or not runnable any more), postponed (its plugin could not take it), interrupted by shutdown.</summary>
internal enum JobOutcome
{
    Finished,
    Postponed,
    Interrupted,
}
