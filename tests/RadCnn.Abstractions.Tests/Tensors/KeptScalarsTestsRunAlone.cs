namespace RadCnn.Abstractions.Tests.Tensors;

/// <summary>The stress forces full collections: it runs alone, so no other class's tensors are collected beside it.</summary>
[CollectionDefinition(nameof(KeptScalarsTests), DisableParallelization = true)]
public class KeptScalarsTestsRunAlone;
