using System.ComponentModel.DataAnnotations;

namespace RadCnn.Engine;

/// <summary>
/// Settings of the shared inference engine, bound from "RadCnn:Engine" and validated at start-up so a
/// bad value stops the service before the first image arrives rather than on first use.
/// </summary>
public sealed class EngineOptions : IValidatableObject
{
    /// <summary>The configuration section the service binds these settings from.</summary>
    public const string SectionName = "RadCnn:Engine";

    /// <summary>The search grid used when none is configured: a short, roughly logarithmic ladder.</summary>
    public static IReadOnlyList<double> DefaultEpsilonSearchGrid { get; } = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2];

    /// <summary>"auto" (CUDA when available, else CPU), "cpu", "cuda" or "cuda:N".</summary>
    [RegularExpression("^(auto|cpu|cuda(:[0-9]+)?)$")]
    public string Device { get; set; } = "auto";

    /// <summary>Largest micro-batch formed from concurrent requests for one model.</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>How long a routine or background request may wait for others to join its batch. Stat never waits.</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Batches running at once on the device (each model runs one batch at a time).</summary>
    [Range(1, 64)]
    public int MaxConcurrentBatches { get; set; } = 2;

    /// <summary>Requests waiting in all queues together; more are refused with a QueueFull error (back-pressure).</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedRequests { get; set; } = 4096;

    /// <summary>Bytes of model parameters and buffers kept on the device; idle models beyond it are evicted, least recently used first.</summary>
    [Range(1L, long.MaxValue)]
    public long MemoryBudgetBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>libtorch intra-op threads; 0 keeps libtorch's default (one per core).</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>FGSM perturbation size the robustness probe reports on (normalised input units).</summary>
    [Range(1e-9, 1e6)]
    public double FgsmEpsilon { get; set; } = 0.02;

    /// <summary>Epsilons tried, smallest first, to find the smallest that flips the decision; null uses <see cref="DefaultEpsilonSearchGrid"/>.</summary>
    public double[]? EpsilonSearchGrid { get; set; }

    /// <summary>A result whose agreement at <see cref="FgsmEpsilon"/> falls below this is marked fragile.</summary>
    [Range(0.0, 1.0)]
    public double FragilityThreshold { get; set; } = 0.9;

    /// <summary>A dense output (segmentation, image) counts as flipped when its agreement falls below this.</summary>
    [Range(0.0, 1.0)]
    public double DenseFlipAgreement { get; set; } = 0.5;

    /// <summary>The epsilons the probe searches: <see cref="EpsilonSearchGrid"/>, or the default grid when none is set.</summary>
    public IReadOnlyList<double> EffectiveEpsilonGrid => EpsilonSearchGrid is { Length: > 0 } grid ? grid : DefaultEpsilonSearchGrid;

    /// <summary>The checks data annotations cannot express (a time range, the grid's values).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBatchWait < TimeSpan.Zero || MaxBatchWait > TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult("MaxBatchWait must be between 0 and 10 seconds.", [nameof(MaxBatchWait)]);
        }

        if (EpsilonSearchGrid is { } grid)
        {
            if (grid.Length > 32)
            {
                yield return new ValidationResult("EpsilonSearchGrid holds at most 32 values (it is a short search).", [nameof(EpsilonSearchGrid)]);
            }

            if (grid.Any(e => !double.IsFinite(e) || e <= 0))
            {
                yield return new ValidationResult("EpsilonSearchGrid values must be finite and greater than 0.", [nameof(EpsilonSearchGrid)]);
            }
        }
    }

    /// <summary>Throws when the options are invalid; used where they are built in code rather than bound.</summary>
    public void ThrowIfInvalid()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException("Invalid engine options: " + string.Join(" ", results.Select(r => r.ErrorMessage)));
        }
    }
}
