using System.Security.Cryptography;
using System.Text;

namespace RadCnn.Training.Data;

/// <summary>
/// Deterministic patient-level split: every patient goes to exactly one set, so no patient's images
/// are seen in training and again in validation or test. Patients are ordered by SHA-256 of
/// (seed, patient key), so the assignment depends only on the seed and the set of patients, not on
/// file order, the runtime's hash function or the machine.
/// </summary>
public static class PatientSplit
{
    /// <summary>The set each patient key belongs to.</summary>
    public static IReadOnlyDictionary<string, DataSplit> Assign(IEnumerable<string> patientKeys, SplitFractions fractions, int seed)
    {
        ArgumentNullException.ThrowIfNull(patientKeys);
        ArgumentNullException.ThrowIfNull(fractions);
        fractions.Validate();
        var ordered = patientKeys.Distinct(StringComparer.Ordinal)
            .Select(k => (Key: k, Rank: Rank(seed, k)))
            .OrderBy(p => p.Rank, StringComparer.Ordinal)
            .Select(p => p.Key)
            .ToList();
        var n = ordered.Count;
        var test = Math.Min(Count(n, fractions.Test), Math.Max(0, n - 1));
        var validation = Math.Min(Count(n, fractions.Validation), Math.Max(0, n - test - 1));
        var result = new Dictionary<string, DataSplit>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            result[ordered[i]] = i < test ? DataSplit.Test : i < test + validation ? DataSplit.Validation : DataSplit.Train;
        }

        return result;
    }

    /// <summary>Splits samples by their patient key.</summary>
    public static SplitDataset Split(IReadOnlyList<TrainingSample> samples, SplitFractions fractions, int seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var assignment = Assign(samples.Select(s => s.PatientKey), fractions, seed);
        var sets = new[] { new List<TrainingSample>(), new List<TrainingSample>(), new List<TrainingSample>() };
        foreach (var sample in samples)
        {
            sets[(int)assignment[sample.PatientKey]].Add(sample);
        }

        return new SplitDataset(sets[0], sets[1], sets[2]);
    }

    // At least one patient in a requested set once there are enough patients to leave one to train on.
    private static int Count(int n, double fraction)
    {
        if (fraction <= 0 || n < 2)
        {
            return 0;
        }

        return Math.Clamp((int)Math.Round(n * fraction, MidpointRounding.AwayFromZero), 1, n - 1);
    }

    private static string Rank(int seed, string key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}\n{key}"))));
}
