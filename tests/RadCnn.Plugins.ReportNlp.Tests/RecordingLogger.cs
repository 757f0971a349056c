using Microsoft.Extensions.Logging;

namespace RadCnn.Plugins.ReportNlp.Tests;

/// <summary>Keeps every formatted log line, so a test can check that no report text was logged.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (lines)
        {
            lines.Add(formatter(state, exception) + (exception is null ? "" : " " + exception));
        }
    }
}
