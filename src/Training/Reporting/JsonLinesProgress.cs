using System.Text.Json;
using RadCnn.Training.Optimization;

namespace RadCnn.Training.Reporting;

/// <summary>Machine-readable progress: one JSON object per line (start, each epoch, messages), for logs and pipelines.</summary>
internal sealed class JsonLinesProgress(TextWriter writer) : ITrainingProgress
{
    public void Started(string task, int firstEpoch, int epochs, int batchesPerEpoch) =>
        Write(new { @event = "start", task, firstEpoch = firstEpoch + 1, epochs, batchesPerEpoch });

    public void BatchCompleted(int epoch, int batch, double loss)
    {
        // Per-batch lines would drown the epoch lines; the bar shows batches on a terminal.
    }

    public void EpochCompleted(EpochRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Write(new
        {
            @event = "epoch",
            epoch = record.Epoch + 1,
            learningRate = record.LearningRate,
            trainLoss = record.TrainLoss,
            trainMetric = record.TrainMetric,
            validationLoss = record.ValidationLoss,
            validation = record.ValidationMetrics,
            improved = record.Improved,
        });
    }

    public void Message(string text) => Write(new { @event = "message", text });

    private void Write(object value)
    {
        writer.WriteLine(JsonSerializer.Serialize(value, TrainingJson.Compact));
        writer.Flush();
    }
}
