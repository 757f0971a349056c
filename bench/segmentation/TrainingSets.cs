using System.Globalization;
using RadCnn.Training.Data;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// `--split-of N[:fit]`: case id → "train", "validation" or "test" as the shared trainer assigns them for a run on
/// the first N phantoms of a seed (the default fractions, or a capacity probe's split after the colon), so a
/// network can be scored on the cases it was trained on.
/// </summary>
internal static class TrainingSets
{
    public static Dictionary<string, string> Of(IReadOnlyList<string> caseIds, string splitOf, int seed, string generatorName, SplitFractions fitSplit)
    {
        if (splitOf.Length == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var parts = splitOf.Split(':');
        var count = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var fractions = parts.Length > 1 && parts[1] == "fit" ? fitSplit : new SplitFractions();
        var ids = Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{generatorName}-s{seed}-c{i:D4}")).ToList();
        if (caseIds.Count > 0 && !ids.Contains(caseIds[0], StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"case id {caseIds[0]} is not of the form {ids[0]}: --split-of cannot tell its set");
        }

        return PatientSplit.Assign(ids, fractions, seed).ToDictionary(p => p.Key, p => p.Value.ToString().ToLowerInvariant(), StringComparer.Ordinal);
    }
}
