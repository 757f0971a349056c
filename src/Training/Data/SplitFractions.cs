namespace RadCnn.Training.Data;

/// <summary>Fractions of patients (not images) for validation and test; the rest trains.</summary>
public sealed record SplitFractions(double Validation = 0.15, double Test = 0.15)
{
    public void Validate()
    {
        if (Validation < 0 || Test < 0 || Validation + Test >= 1)
        {
            throw new ArgumentException($"validation ({Validation}) and test ({Test}) fractions must be non-negative and leave patients to train on");
        }
    }
}
