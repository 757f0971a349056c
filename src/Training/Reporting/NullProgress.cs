using RadCnn.Training.Optimization;

namespace RadCnn.Training.Reporting;

/// <summary>Reports nothing (tests, library callers).</summary>
internal sealed class NullProgress : ITrainingProgress
{
    public static NullProgress Instance { get; } = new();

    public void Started(string task, int firstEpoch, int epochs, int batchesPerEpoch)
    {
    }

    public void BatchCompleted(int epoch, int batch, double loss)
    {
    }

    public void EpochCompleted(EpochRecord record)
    {
    }

    public void Message(string text)
    {
    }
}
