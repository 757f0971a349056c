namespace RadCnn.Host.Runner;

/// <summary>A job that cannot succeed however often it is tried (its inputs are gone or unreadable): dead at once.</summary>
internal sealed class JobRejectedException : Exception
{
    public JobRejectedException()
    {
    }

    public JobRejectedException(string message)
        : base(message)
    {
    }

    public JobRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
