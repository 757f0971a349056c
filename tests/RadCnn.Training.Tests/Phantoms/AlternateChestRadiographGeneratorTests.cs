using RadCnn.Training.Phantoms;

namespace RadCnn.Training.Tests.Phantoms;

public class AlternateChestRadiographGeneratorTests
{
    private readonly AlternateChestRadiographGenerator generator = new(size: 96);

    [Fact]
    public void It_is_reproducible_and_portrait_with_14_bit_values()
    {
        var a = generator.Generate(1, 4);

        Assert.Equal(a.Pixels, generator.Generate(1, 4).Pixels);
        Assert.NotEqual(a.Pixels, generator.Generate(2, 4).Pixels);
        Assert.True(a.Width < a.Height);
        Assert.Equal(14, a.BitsStored);
        Assert.True(a.Pixels.Max() > 4095, "values use more than 12 bits");
    }

    [Fact]
    public void Tuberculosis_cases_have_upper_zone_lesions_in_the_lungs_and_normal_cases_none()
    {
        var cases = Enumerable.Range(0, 40).Select(i => generator.Generate(3, i)).ToList();

        Assert.InRange(cases.Count(c => c.Label == 1), 10, 30);
        foreach (var c in cases)
        {
            var marked = c.LesionMask.Count(m => m == 1);
            if (c.Label == 0)
            {
                Assert.Equal(0, marked);
                continue;
            }

            Assert.True(marked > 0, $"{c.Id} has no lesion pixels");
            var rows = Enumerable.Range(0, c.LesionMask.Length).Where(i => c.LesionMask[i] == 1).Select(i => i / c.Width).ToList();
            Assert.True(rows.Average() < c.Height * 0.55, $"{c.Id}: lesions centred at row {rows.Average():F0} of {c.Height}");
        }
    }
}
