namespace RadCnn.Training.Data;

/// <summary>The three sets of the review's Fig. 8: training, validation (model selection), test (reported once at the end).</summary>
public enum DataSplit
{
    Train = 0,
    Validation = 1,
    Test = 2,
}
