using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>
/// The weighted wide tumour recipe: the same box slices as the plain cascade recipe, the tumour voxels
/// carrying their cross-entropy weight instead of 1 (the size-weighted loss reads foreground at ≥ 0.5),
/// a 16-channel network; the plain recipe's targets stay masks of 0 and 1.
/// </summary>
public sealed class UterusTumourCascadeWeightedTests
{
    private const int Seed = 1;

    private const int Phantoms = 6;

    [Fact]
    public void TumourVoxelsCarryTheirWeightOnTheSameSlicesAndTheNetworkIsWide()
    {
        var plain = new FewPhantoms().LoadData(null, Seed).Samples;
        var weighted = new WeightedPhantoms().LoadData(null, Seed).Samples;

        Assert.Equal(plain.Select(s => s.Id), weighted.Select(s => s.Id));
        Assert.Contains(plain, s => s.Target!.Contains(1f));
        Assert.All(plain, s => Assert.All(s.Target!, v => Assert.True(v is 0f or 1f)));
        Assert.All(weighted, s => Assert.All(s.Target!, v => Assert.True(v is 0f or UterusTumourCascadeWideWeightedRecipe.TumourWeight)));
        for (var i = 0; i < plain.Count; i++)
        {
            // The same voxels are tumour; only their value differs.
            Assert.Equal(plain[i].Target!.Select(v => v >= 0.5f), weighted[i].Target!.Select(v => v >= 0.5f));
        }

        var recipe = new UterusTumourCascadeWideWeightedRecipe();
        Assert.Equal(LossKind.SizeWeightedDiceBinaryCrossEntropy, recipe.Defaults.Loss);
        Assert.Equal(LossKind.DiceBinaryCrossEntropy, new UterusTumourCascadeRecipe().Defaults.Loss);
        using var wide = (UNet2D)recipe.CreateModel();
        using var narrow = (UNet2D)new UterusTumourCascadeRecipe().CreateModel();
        Assert.InRange(wide.parameters().Sum(p => p.numel()) / (double)narrow.parameters().Sum(p => p.numel()), 3.5, 4.5);
    }

    private sealed class FewPhantoms : UterusTumourCascadeRecipe
    {
        public override int Phantoms => UterusTumourCascadeWeightedTests.Phantoms;
    }

    /// <summary>The weighted recipe's targets on the same few phantoms (its weight, the plain recipe's everything else).</summary>
    private sealed class WeightedPhantoms : UterusTumourCascadeRecipe
    {
        public override int Phantoms => UterusTumourCascadeWeightedTests.Phantoms;

        protected override float TumourTargetValue => UterusTumourCascadeWideWeightedRecipe.TumourWeight;
    }
}
