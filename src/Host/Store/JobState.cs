namespace RadCnn.Host.Store;

/// <summary>
/// Where a job (one work item for one plugin version) stands. Failed jobs are retried; a job that
/// used up its attempts is dead: kept with its last error and replayable with `radcnn replay`. A job
/// still waiting when its series was re-opened and completed again is superseded: the newer
/// generation's job runs on the whole series instead, and the older one never runs.
/// </summary>
internal enum JobState
{
    Queued = 1,
    Running = 2,
    Done = 3,
    Failed = 4,
    Dead = 5,
    Superseded = 6,
}
