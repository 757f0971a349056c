namespace RadCnn.Training.Data;

/// <summary>Bad training input (a labels.csv row, a file, an empty set); the message names the row or the file.</summary>
public sealed class DatasetException : Exception
{
    public DatasetException()
    {
    }

    public DatasetException(string message)
        : base(message)
    {
    }

    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
