using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>
/// The lower cervix in the cascade's training data: a tumour centred there reaches the training targets on
/// every one of its slices (the shipped network leaves such tumours at peak 0.00 even on its own training
/// phantoms, and the data path is not why), and the lower-cervix recipe's extra boxes are drawn only for those
/// tumours, centred on them.
/// </summary>
public sealed class UterusTumourCascadeLowerCervixTests
{
    private const int Phantoms = 6;

    [Fact]
    public void ALowerCervixTumourIsInTheTargetsOfEveryOneOfItsSlicesAndOnlyItGetsTheCentredBoxes()
    {
        // The first seed whose few phantoms hold a lower-cervix tumour and a tumour of another kind or place.
        var generator = new PelvisMrGenerator();
        static bool Lower(UterineTumour? t) => t is { Kind: UterineTumourKind.Cervical, CentreT: < UterusTumourCascadeRecipe.LowerCervixCentre };
        var (seed, drawn) = Enumerable.Range(1, 60)
            .Select(s => (s, Enumerable.Range(0, Phantoms).Select(i => generator.Generate(s, i)).ToList()))
            .First(t => t.Item2.Any(c => Lower(c.Tumour)) && t.Item2.Any(c => c.Tumour is not null && !Lower(c.Tumour)));

        var data = new LowerCervixPhantoms().LoadData(null, seed);
        var area = UterusTumourCascadeRecipe.CropSize * UterusTumourCascadeRecipe.CropSize;
        static bool Extra(string id) => id.Contains("#l", StringComparison.Ordinal);
        foreach (var phantom in drawn.Where(c => c.Tumour is not null))
        {
            var own = data.Samples.Where(s => s.PatientKey == phantom.Id).ToList();
            var plane = phantom.Grid.Rows * phantom.Grid.Columns;
            var tumourSlices = Enumerable.Range(0, phantom.Grid.Slices).Where(s => phantom.Labels.AsSpan(s * plane, plane).Contains((byte)2)).ToList();
            var slicesWithTarget = own.Where(s => s.Target!.Contains(1f)).Select(s => int.Parse(s.Id.Split('/')[1].Split('#')[0], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            foreach (var slice in tumourSlices.Where(s => phantom.Labels.AsSpan(s * plane, plane).Count((byte)2) >= 4))
            {
                Assert.True(slicesWithTarget.Contains(slice), $"{phantom.Id}: tumour slice {slice} has no training sample whose target shows it");
            }

            var extra = own.Where(s => Extra(s.Id)).ToList();
            if (!Lower(phantom.Tumour))
            {
                Assert.Empty(extra);
                continue;
            }

            Assert.Contains(extra, s => s.Id.EndsWith("#l1", StringComparison.Ordinal));
            Assert.Contains(extra, s => s.Id.EndsWith("#l2", StringComparison.Ordinal));
            foreach (var sample in extra.Where(s => s.Target!.AsSpan(area, area).Count(1f) >= 4))
            {
                // The tumour's centre of mass lies in the middle half of the box (jitter is at most 8% of a side).
                var target = sample.Target!.AsSpan(area, area);
                double rows = 0, columns = 0, count = 0;
                for (var i = 0; i < area; i++)
                {
                    if (target[i] >= 0.5f)
                    {
                        rows += i / UterusTumourCascadeRecipe.CropSize;
                        columns += i % UterusTumourCascadeRecipe.CropSize;
                        count++;
                    }
                }

                Assert.InRange(rows / count, 0.25 * UterusTumourCascadeRecipe.CropSize, 0.75 * UterusTumourCascadeRecipe.CropSize);
                Assert.InRange(columns / count, 0.25 * UterusTumourCascadeRecipe.CropSize, 0.75 * UterusTumourCascadeRecipe.CropSize);
            }
        }

        Assert.DoesNotContain(new FewPhantoms().LoadData(null, seed).Samples, s => Extra(s.Id));
    }

    [Fact]
    public void TheFitProbesKeepTheLowerCervixTumoursAndTheBalancedOneTheTumourFreePhantomsBeside()
    {
        var generator = new PelvisMrGenerator();
        static bool Lower(UterineTumour? t) => t is { Kind: UterineTumourKind.Cervical, CentreT: < UterusTumourCascadeRecipe.LowerCervixCentre };
        var seed = Enumerable.Range(1, 60).First(s => Enumerable.Range(0, Phantoms).Select(i => generator.Generate(s, i)).Any(c => Lower(c.Tumour)));
        var drawn = Enumerable.Range(0, Phantoms).Select(i => generator.Generate(seed, i)).ToList();
        Assert.Contains(drawn, c => c.Tumour is null);
        Assert.Contains(drawn, c => c.Tumour is not null && !Lower(c.Tumour));

        HashSet<string> Kept(UterusTumourCascadeRecipe recipe) => recipe.LoadData(null, seed).Samples.Select(s => s.PatientKey!).ToHashSet();
        Assert.Equal(drawn.Where(c => Lower(c.Tumour)).Select(c => c.Id).ToHashSet(), Kept(new FitPhantoms(balanced: false)));
        Assert.Equal(drawn.Where(c => Lower(c.Tumour) || c.Tumour is null).Select(c => c.Id).ToHashSet(), Kept(new FitPhantoms(balanced: true)));
    }

    private sealed class FitPhantoms(bool balanced) : UterusTumourCascadeRecipe
    {
        public override int Phantoms => UterusTumourCascadeLowerCervixTests.Phantoms;

        protected override bool LowerCervixOnly => true;

        protected override bool KeepsTumourFree => balanced;
    }

    private sealed class LowerCervixPhantoms : UterusTumourCascadeRecipe
    {
        public override int Phantoms => UterusTumourCascadeLowerCervixTests.Phantoms;

        protected override int LowerCervixExtraBoxes => 2;
    }

    private sealed class FewPhantoms : UterusTumourCascadeRecipe
    {
        public override int Phantoms => UterusTumourCascadeLowerCervixTests.Phantoms;
    }
}
