namespace RadCnn.Training.Optimization;

/// <summary>Gradient descent variants the trainer offers.</summary>
public enum OptimizerKind
{
    /// <summary>Mini-batch SGD with momentum.</summary>
    SgdMomentum = 0,

    Adam = 1,
}
