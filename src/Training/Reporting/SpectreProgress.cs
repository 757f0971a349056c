using System.Globalization;
using RadCnn.Training.Optimization;
using Spectre.Console;

namespace RadCnn.Training.Reporting;

/// <summary>A progress bar over all batches of the run, with the last epoch's losses in its description.</summary>
internal sealed class SpectreProgress : ITrainingProgress
{
    private readonly ProgressContext context;
    private readonly IAnsiConsole console;
    private ProgressTask? task;
    private string latest = string.Empty;

    private SpectreProgress(ProgressContext context, IAnsiConsole console)
    {
        this.context = context;
        this.console = console;
    }

    /// <summary>Runs <paramref name="work"/> with a live progress display on <paramref name="console"/>.</summary>
    public static T Run<T>(IAnsiConsole console, Func<ITrainingProgress, T> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => work(new SpectreProgress(ctx, console)));
    }

    public void Started(string task, int firstEpoch, int epochs, int batchesPerEpoch)
    {
        this.task = context.AddTask(Markup.Escape(task), maxValue: (double)epochs * batchesPerEpoch);
        this.task.Value = (double)firstEpoch * batchesPerEpoch;
    }

    public void BatchCompleted(int epoch, int batch, double loss)
    {
        if (task is null)
        {
            return;
        }

        task.Increment(1);
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1} loss {loss:F4}{latest}"));
    }

    public void EpochCompleted(EpochRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        latest = string.Create(CultureInfo.InvariantCulture, $" | val {record.ValidationLoss:F4}{(record.Improved ? " *" : string.Empty)}");
        var metrics = string.Join(" ", record.ValidationMetrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key}={m.Value:F3}")));
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"epoch {record.Epoch + 1}: train {record.TrainLoss:F4}, validation {record.ValidationLoss:F4} {metrics}{(record.Improved ? " (best)" : string.Empty)}")));
    }

    public void Message(string text) => console.MarkupLine(Markup.Escape(text));
}
