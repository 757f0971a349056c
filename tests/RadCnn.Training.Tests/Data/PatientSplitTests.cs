using RadCnn.Training.Data;

namespace RadCnn.Training.Tests.Data;

public class PatientSplitTests
{
    // 200 images of 57 patients, 1 to 6 images each, in an order unrelated to the patient.
    private static List<TrainingSample> Samples()
    {
        var random = new Random(3);
        var samples = new List<TrainingSample>();
        for (var p = 0; p < 57; p++)
        {
            for (var k = 0; k < 1 + (p % 6); k++)
            {
                samples.Add(new TrainingSample { Id = $"p{p}-i{k}", PatientKey = $"patient-{p}", Pixels = [0], Channels = 1, Height = 1, Width = 1 });
            }
        }

        return samples.OrderBy(_ => random.Next()).ToList();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(99)]
    public void No_patient_is_in_two_splits(int seed)
    {
        var split = PatientSplit.Split(Samples(), new SplitFractions(0.2, 0.2), seed);

        var train = split.Train.Select(s => s.PatientKey).ToHashSet();
        var validation = split.Validation.Select(s => s.PatientKey).ToHashSet();
        var test = split.Test.Select(s => s.PatientKey).ToHashSet();
        Assert.Empty(train.Intersect(validation));
        Assert.Empty(train.Intersect(test));
        Assert.Empty(validation.Intersect(test));
        Assert.Equal(57, train.Count + validation.Count + test.Count);
        Assert.Equal(Samples().Count, split.Train.Count + split.Validation.Count + split.Test.Count);
        Assert.Equal(11, validation.Count); // round(57 × 0.2)
        Assert.Equal(11, test.Count);
    }

    [Fact]
    public void Same_seed_same_split_whatever_the_order_and_another_seed_differs()
    {
        var samples = Samples();
        var first = PatientSplit.Assign(samples.Select(s => s.PatientKey), new SplitFractions(), 7);
        var reordered = PatientSplit.Assign(samples.Select(s => s.PatientKey).Reverse(), new SplitFractions(), 7);
        var other = PatientSplit.Assign(samples.Select(s => s.PatientKey), new SplitFractions(), 8);

        Assert.Equal(first.OrderBy(p => p.Key), reordered.OrderBy(p => p.Key));
        Assert.NotEqual(first.OrderBy(p => p.Key), other.OrderBy(p => p.Key));
    }

    [Fact]
    public void Three_patients_give_one_to_each_set_and_one_patient_only_trains()
    {
        var three = PatientSplit.Assign(["a", "b", "c"], new SplitFractions(), 1);
        Assert.Equal([DataSplit.Train, DataSplit.Validation, DataSplit.Test], three.Values.Order());
        Assert.Equal(DataSplit.Train, PatientSplit.Assign(["a"], new SplitFractions(), 1)["a"]);
    }

    [Fact]
    public void Fractions_that_leave_nothing_to_train_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PatientSplit.Assign(["a"], new SplitFractions(0.5, 0.5), 1));
    }
}
