namespace RadCnn.Training.Tests;

/// <summary>
/// Tests that seed or draw from libtorch's process-wide random generator (training runs, adversarial
/// examples, random tensors) run one after another: a draw from another test in between would break
/// the trainer's same-seed-same-weights guarantee that some of them check.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchRandomCollection
{
    public const string Name = "libtorch global random generator";
}
