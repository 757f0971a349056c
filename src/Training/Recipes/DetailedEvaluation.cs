namespace RadCnn.Training.Recipes;

/// <summary>The result of <see cref="IDetailedEvaluation.EvaluateInDetail"/>: a table for people and the same figures as one JSON value.</summary>
/// <param name="Table">Plain text, one or more tables.</param>
/// <param name="Json">A JSON object or array (already serialised, so the host needs no knowledge of the recipe's types).</param>
public sealed record DetailedEvaluation(string Table, string Json);
