namespace RadCnn.Training.Data;

/// <summary>The samples of each set after a patient-level split.</summary>
public sealed record SplitDataset(IReadOnlyList<TrainingSample> Train, IReadOnlyList<TrainingSample> Validation, IReadOnlyList<TrainingSample> Test)
{
    public IReadOnlyList<TrainingSample> this[DataSplit split] => split switch
    {
        DataSplit.Train => Train,
        DataSplit.Validation => Validation,
        _ => Test,
    };
}
