using RadCnn.Training.Phantoms.LowDoseCt;

namespace RadCnn.Training.Tests.Phantoms;

/// <summary>
/// The body CT phantom's parenchymal texture option: off by default; when on, each textured organ's interior varies by
/// the SD drawn for it as a smooth field (neighbouring pixels correlated), its noise-free mean HU is kept, and nothing
/// outside the textured organs changes.
/// </summary>
public class BodyTextureTests
{
    private const int Size = 256;

    private static readonly BodySliceModel Plain = new();

    private static readonly BodySliceModel Textured = new() { Texture = true };

    // Patients 0-3 of two seeds: chest and abdomen slices both occur among them (asserted below).
    public static TheoryData<int, int, int> Slices => new() { { 4242, 0, 0 }, { 4242, 1, 2 }, { 4242, 2, 1 }, { 4242, 3, 3 }, { 7, 0, 0 }, { 7, 1, 1 } };

    [Fact]
    public void Texture_is_off_by_default_and_the_default_organs_are_uniform()
    {
        Assert.False(Plain.Texture);
        Assert.Equal("body", Plain.Name);
        Assert.Equal("body-textured", Textured.Name);
        var plain = Plain.Draw(4242, 0, 0, Size);
        Assert.Empty(plain.Textures);
        var organHu = plain.Hu.Where((_, i) => plain.UniformMask[i] != 0).ToArray();
        Assert.True(organHu.Max() - organHu.Min() < 1e-3, "the untextured organ interior is uniform");
    }

    [Theory]
    [MemberData(nameof(Slices))]
    public void Each_organ_varies_by_its_drawn_sd_and_keeps_its_mean_and_nothing_else_changes(int seed, int patient, int slice)
    {
        var plain = Plain.Draw(seed, patient, slice, Size);
        var textured = Textured.Draw(seed, patient, slice, Size);
        Assert.Equal(plain.UniformMask, textured.UniformMask);
        Assert.Equal(plain.Lesions, textured.Lesions);
        Assert.InRange(textured.Textures.Count, 4, 5);

        var inAnyRegion = new bool[Size * Size];
        foreach (var organ in textured.Textures)
        {
            Assert.InRange(organ.AmplitudeHu, BodySliceModel.TextureAmplitudeHu.Low, BodySliceModel.TextureAmplitudeHu.High);
            var pixels = Enumerable.Range(0, Size * Size).Where(i => organ.Region[i] != 0).ToArray();
            Assert.True(pixels.Length > 50, $"{organ.Organ}: {pixels.Length} pixels");
            var difference = pixels.Select(i => (double)textured.Hu[i] - plain.Hu[i]).ToArray();
            var mean = difference.Average();
            var sd = Math.Sqrt(difference.Select(d => (d - mean) * (d - mean)).Average());

            // The organ's noise-free mean HU is kept and its interior varies by the drawn SD.
            Assert.InRange(mean, -0.01, 0.01);
            Assert.InRange(sd, organ.AmplitudeHu * 0.99, organ.AmplitudeHu * 1.01);

            // A smooth field of a few millimetres, not pixel noise: horizontal neighbours are strongly correlated.
            var pairs = pixels.Where(i => i % Size < Size - 1 && organ.Region[i + 1] != 0).ToArray();
            var lag = pairs.Average(i => (textured.Hu[i] - plain.Hu[i] - mean) * (textured.Hu[i + 1] - plain.Hu[i + 1] - mean)) / (sd * sd);
            Assert.True(lag > 0.6, $"{organ.Organ}: lag-1 autocorrelation {lag:0.00}");
            foreach (var i in pixels)
            {
                inAnyRegion[i] = true;
            }
        }

        // Within the uniform organ's scored interior (the HU-bias region): the mean stays within 2 HU of the organ's.
        var organTexture = textured.Textures.Single(t => t.Organ is "heart" or "liver");
        var interior = Enumerable.Range(0, Size * Size).Where(i => textured.UniformMask[i] != 0).ToArray();
        var interiorShift = interior.Average(i => (double)textured.Hu[i] - plain.Hu[i]);
        Assert.InRange(interiorShift, -2, 2);
        var interiorSd = Math.Sqrt(interior.Average(i => Math.Pow(textured.Hu[i] - plain.Hu[i] - interiorShift, 2)));
        Assert.InRange(interiorSd, organTexture.AmplitudeHu * 0.5, organTexture.AmplitudeHu * 1.5);

        // Outside the textured organs (fat, bone, vessels, gas, air, partial-volume edges) the slice is the plain one.
        for (var i = 0; i < Size * Size; i++)
        {
            if (!inAnyRegion[i])
            {
                Assert.Equal(plain.Hu[i], textured.Hu[i]);
            }
        }
    }

    [Fact]
    public void Texture_is_drawn_from_the_seed_per_slice_and_both_regions_are_textured()
    {
        var a = Textured.Draw(4242, 1, 2, Size);
        Assert.Equal(a.Hu, Textured.Draw(4242, 1, 2, Size).Hu);
        Assert.NotEqual(a.Textures.Select(t => t.AmplitudeHu), Textured.Draw(4242, 1, 3, Size).Textures.Select(t => t.AmplitudeHu));
        var regions = Slices.Select(row => Textured.Draw((int)row[0], (int)row[1], (int)row[2], Size).Region).ToHashSet();
        Assert.Contains("chest", regions);
        Assert.Contains("abdomen", regions);
    }

    [Fact]
    public void A_textured_share_textures_about_that_share_of_patients_whole_and_leaves_the_others_plain()
    {
        var mixed = new BodySliceModel { TexturedPatientShare = 0.5 };
        Assert.Equal("body-mixed", mixed.Name);
        var textured = Enumerable.Range(0, 200).Count(p => mixed.IsTextured(4242, p));
        Assert.InRange(textured, 80, 120);

        // A patient is textured on every slice or on none, and its anatomy is the plain slice's.
        var (shown, plainShown) = (0, 0);
        for (var patient = 0; patient < 6; patient++)
        {
            for (var slice = 0; slice < 2; slice++)
            {
                var drawn = mixed.Draw(4242, patient, slice, Size);
                var plain = Plain.Draw(4242, patient, slice, Size);
                Assert.Equal(plain.UniformMask, drawn.UniformMask);
                Assert.Equal(plain.Lesions, drawn.Lesions);
                if (mixed.IsTextured(4242, patient))
                {
                    Assert.Equal(Textured.Draw(4242, patient, slice, Size).Hu, drawn.Hu);
                    Assert.NotEmpty(drawn.Textures);
                    shown++;
                }
                else
                {
                    Assert.Equal(plain.Hu, drawn.Hu);
                    Assert.Empty(drawn.Textures);
                    plainShown++;
                }
            }
        }

        Assert.True(shown > 0 && plainShown > 0, $"patients 0-5 of seed 4242 hold both kinds ({shown} / {plainShown} slices)");
        Assert.False(Plain.IsTextured(4242, 0));
        Assert.True(Textured.IsTextured(4242, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BodySliceModel { TexturedPatientShare = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new BodySliceModel { TexturedPatientShare = -0.1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new BodySliceModel { TexturedPatientShare = double.NaN });
    }
}
