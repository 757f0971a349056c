using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>Cervical tumours oversampled in the cascade's training slices: more boxes around a cervical tumour, none around an endometrial one or a tumour-free case.</summary>
public sealed class UterusTumourCascadeCervicalTests
{
    private const int Phantoms = 6;

    [Fact]
    public void OnlyCervicalTumourCasesGetTheExtraBoxesAndTheyShowTheTumour()
    {
        // The first seed whose few phantoms hold a cervical, an endometrial and no tumour (a third of tumours are cervical).
        var generator = new PelvisMrGenerator();
        var (seed, kinds) = Enumerable.Range(1, 40)
            .Select(s => (s, Enumerable.Range(0, Phantoms).Select(i => generator.Generate(s, i)).ToDictionary(c => c.Id, c => c.Tumour?.Kind)))
            .First(t => t.Item2.ContainsValue(UterineTumourKind.Cervical) && t.Item2.ContainsValue(UterineTumourKind.Endometrial) && t.Item2.ContainsValue(null));
        var recipe = new CervicalPhantoms();

        var data = recipe.LoadData(null, seed);
        static bool Extra(string id) => id.Contains("#c", StringComparison.Ordinal);
        foreach (var (id, kind) in kinds)
        {
            var own = data.Samples.Where(s => s.PatientKey == id).ToList();
            var extra = own.Where(s => Extra(s.Id)).ToList();
            if (kind == UterineTumourKind.Cervical)
            {
                // Two more boxes, each repeating every slice with tumour (as the second box does).
                Assert.Contains(extra, s => s.Id.EndsWith("#c1", StringComparison.Ordinal));
                Assert.Contains(extra, s => s.Id.EndsWith("#c2", StringComparison.Ordinal));
                Assert.True(extra.Count(s => s.Target!.Contains(1f)) >= extra.Count - 2, $"{id}: {extra.Count} extra slices, most should show tumour");
                Assert.Equal(own.Count(s => s.Id.EndsWith("#2", StringComparison.Ordinal)), extra.Count(s => s.Id.EndsWith("#c1", StringComparison.Ordinal)));
            }
            else
            {
                Assert.Empty(extra);
            }
        }

        // The base recipe draws no extra boxes.
        Assert.DoesNotContain(new FewPhantoms().LoadData(null, seed).Samples, s => Extra(s.Id));
    }

    private sealed class CervicalPhantoms : UterusTumourCascadeRecipe
    {
        public override int Phantoms => UterusTumourCascadeCervicalTests.Phantoms;

        protected override int CervicalExtraBoxes => 2;
    }

    private sealed class FewPhantoms : UterusTumourCascadeRecipe
    {
        public override int Phantoms => UterusTumourCascadeCervicalTests.Phantoms;
    }
}
