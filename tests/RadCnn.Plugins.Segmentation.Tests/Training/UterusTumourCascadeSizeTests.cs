using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>
/// The cascade tumour network at another size: the finer box grid (96×96) packs the same boxes with 2.25
/// times the pixels and takes the shipped 64×64 weights as they are; the wider network (16 base channels)
/// has about four times the weights, does not take them, and loads back at its width.
/// </summary>
public sealed class UterusTumourCascadeSizeTests
{
    private const int Seed = 1;

    [Fact]
    public void TheFinerBoxPacksTheSameBoxSlicesAt96WithTheTumourOn225TimesThePixels()
    {
        var coarse = new FewPhantoms(UterusTumourCascadeRecipe.CropSize).LoadData(null, Seed).Samples;
        var fine = new FewPhantoms(UterusTumourCascadeFineRecipe.FineBoxSize).LoadData(null, Seed).Samples;
        const int size = UterusTumourCascadeFineRecipe.FineBoxSize;
        Assert.Equal((2, 2 * size, size), (new UterusTumourCascadeFineRecipe().Input.Channels, new UterusTumourCascadeFineRecipe().Input.Height, new UterusTumourCascadeFineRecipe().Input.Width));

        // The box draws do not depend on the grid: the same slices of the same boxes, only finer.
        Assert.Equal(coarse.Select(s => s.Id), fine.Select(s => s.Id));
        Assert.All(fine, s => Assert.Equal((2, 2 * size, size, 2 * 2 * size * size), (s.Channels, s.Height, s.Width, s.Pixels.Length)));
        var coarseTumour = coarse.Sum(s => s.Target!.Count(v => v > 0));
        var fineTumour = fine.Sum(s => s.Target!.Count(v => v > 0));
        Assert.True(coarseTumour > 0);
        Assert.InRange(fineTumour / (double)coarseTumour, 2.0, 2.5);
    }

    [Fact]
    public async Task TheFinerBoxNetworkTakesTheShippedWeightsAndTheWideOneDoesNot()
    {
        var shipped = File.ReadAllBytes(Path.Combine(Repository.ModelFolder, "uterus-tumour", "model.bin"));
        using var fine = ModuleWeights.Load((UNet2D)new UterusTumourCascadeFineRecipe().CreateModel(), shipped);
        using var wide = (UNet2D)new UterusTumourCascadeWideRecipe().CreateModel();
        using var shippedSize = (UNet2D)new UterusTumourCascadeContinueRecipe().CreateModel();
        var weights = (long)shippedSize.parameters().Sum(p => p.numel());
        Assert.InRange(wide.parameters().Sum(p => p.numel()) / (double)weights, 3.5, 4.5);
        Assert.ThrowsAny<Exception>(() => ModuleWeights.Load((UNet2D)new UterusTumourCascadeWideRecipe().CreateModel(), shipped));

        // The 96×96 grid through the shipped weights: a map of the input's size in [0, 1].
        var box = new float[3 * 96 * 96];
        Array.Fill(box, 0.4f);
        var map = await new ModuleTumourCropModel(fine, 96).PredictAsync(box, CancellationToken.None);
        Assert.Equal(96 * 96, map.Length);
        Assert.All(map, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void AWideNetworkLoadsBackAtItsWidthAndTheSettingsCarryIt()
    {
        using var wide = (UNet2D)new UterusTumourCascadeWideRecipe().CreateModel();
        var path = Path.Combine(Path.GetTempPath(), $"radcnn-wide-{Guid.NewGuid():N}.bin");
        try
        {
            wide.save(path);
            using var loaded = UNet2DLoader.Load(3, path, 2 * UterusRecipeBase.BaseChannels);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var input = rand(1, 3, 64, 64);
            wide.eval();
            Assert.True(wide.call(input).allclose(loaded.call(input)));
            Assert.ThrowsAny<Exception>(() => UNet2DLoader.Load(3, path));
        }
        finally
        {
            File.Delete(path);
        }

        var settingsPath = Path.Combine(Path.GetTempPath(), $"radcnn-uterus-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(settingsPath, """{ "planes": 3, "tumourCropSize": 64 }""");
            Assert.Equal(UterusRecipeBase.BaseChannels, UterusSettings.Load(settingsPath).TumourBaseChannels);
            new UterusSettings { Planes = 3, TumourCropSize = 64, TumourBaseChannels = 16 }.Save(settingsPath);
            Assert.Equal(16, UterusSettings.Load(settingsPath).TumourBaseChannels);
            Assert.Equal(UterusRecipeBase.BaseChannels, UterusSettings.Load(Path.Combine(Repository.ModelFolder, UterusSettings.FileName)).TumourBaseChannels);
        }
        finally
        {
            File.Delete(settingsPath);
        }
    }

    private sealed class FewPhantoms(int boxSize) : UterusTumourCascadeRecipe
    {
        public override int Phantoms => 6;

        public override int BoxSize => boxSize;
    }
}
