using RadCnn.Training.Data;
using RadCnn.Training.Robustness;

namespace RadCnn.Training.Tests.Robustness;

/// <summary>
/// The order in which a batch meets the attack: samples marked to be attacked first lead (each group in
/// its drawn order), and a batch without marks keeps its order, so recipes that mark nothing train as before.
/// </summary>
public class AttackFirstOrderTests
{
    private static TrainingSample Sample(int i, bool first) => new()
    {
        Id = $"s{i}",
        PatientKey = $"p{i}",
        Pixels = [i],
        Channels = 1,
        Height = 1,
        Width = 1,
        AttackFirst = first,
    };

    [Fact]
    public void Marked_samples_lead_their_batch_in_drawn_order()
    {
        var samples = Enumerable.Range(0, 8).Select(i => Sample(i, i is 2 or 5 or 7)).ToList();
        int[] batch = [7, 0, 3, 5, 1, 2];

        var ordered = AdversarialExamples.AttackFirstOrder(samples, batch);

        Assert.Equal([7, 5, 2, 0, 3, 1], ordered);
    }

    [Fact]
    public void A_batch_without_marks_keeps_its_order()
    {
        var samples = Enumerable.Range(0, 8).Select(i => Sample(i, false)).ToList();
        int[] batch = [6, 1, 4, 0];

        Assert.Equal(batch, AdversarialExamples.AttackFirstOrder(samples, batch));
    }
}
