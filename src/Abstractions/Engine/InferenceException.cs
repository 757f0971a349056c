namespace RadCnn.Abstractions.Engine;

/// <summary>
/// A request the engine could not serve. The message names the model and the problem; the engine keeps
/// serving every other request. Cancelled requests throw <see cref="OperationCanceledException"/> instead.
/// </summary>
public sealed class InferenceException : Exception
{
    /// <summary>Creates an exception for <paramref name="modelName"/>.</summary>
    public InferenceException(string modelName, InferenceFailure failure, string problem, Exception? innerException = null)
        : base($"model '{modelName}': {problem}", innerException)
    {
        ModelName = modelName;
        Failure = failure;
    }

    /// <summary>For serializers and analyzers; prefer the constructor that names the model.</summary>
    public InferenceException()
        : this("?", InferenceFailure.ModelThrew, "inference failed")
    {
    }

    /// <summary>For analyzers; prefer the constructor that names the model.</summary>
    public InferenceException(string message)
        : base(message)
    {
        ModelName = "?";
    }

    /// <summary>For analyzers; prefer the constructor that names the model.</summary>
    public InferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
        ModelName = "?";
    }

    /// <summary>The registered model's name.</summary>
    public string ModelName { get; }

    /// <summary>What went wrong.</summary>
    public InferenceFailure Failure { get; }
}
