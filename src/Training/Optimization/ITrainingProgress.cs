namespace RadCnn.Training.Optimization;

/// <summary>Where the trainer reports progress: a progress bar on a terminal, JSON lines otherwise.</summary>
internal interface ITrainingProgress
{
    void Started(string task, int firstEpoch, int epochs, int batchesPerEpoch);

    void BatchCompleted(int epoch, int batch, double loss);

    void EpochCompleted(EpochRecord record);

    void Message(string text);
}
