using RadCnn.Training.Phantoms;

namespace RadCnn.Training.Tests.Phantoms;

public class ChestRadiographGeneratorTests
{
    private readonly ChestRadiographGenerator generator = new(size: 96);

    [Fact]
    public void Same_seed_and_index_give_the_same_image_and_others_differ()
    {
        var a = generator.Generate(5, 3);
        var b = generator.Generate(5, 3);
        var c = generator.Generate(6, 3);

        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(a.LesionMask, b.LesionMask);
        Assert.NotEqual(a.Pixels, c.Pixels);
        Assert.Equal("cxr-s5-000003", a.Id);
    }

    [Fact]
    public void Lungs_are_darker_than_the_mediastinum_and_air_darker_than_the_body()
    {
        var image = generator.Generate(1, 0);
        double Mean(int r0, int r1, int c0, int c1) =>
            Enumerable.Range(r0, r1 - r0).SelectMany(r => Enumerable.Range(c0, c1 - c0).Select(c => (double)image.Pixels[(r * 96) + c])).Average();

        var rightLung = Mean(30, 45, 27, 33);   // image left = patient's right lung
        var mediastinum = Mean(30, 45, 45, 51);
        var outside = Mean(0, 3, 0, 3);    // above the shoulder, beside the neck
        Assert.True(rightLung < mediastinum - 200, $"lung {rightLung} vs mediastinum {mediastinum}");
        Assert.True(outside < rightLung, $"air {outside} vs lung {rightLung}");
        Assert.All(image.Pixels, p => Assert.InRange(p, (ushort)0, (ushort)4095));
    }

    [Fact]
    public void Tuberculosis_cases_carry_upper_zone_lesions_and_masks_and_normal_cases_none()
    {
        var cases = Enumerable.Range(0, 40).Select(i => generator.Generate(2, i)).ToList();
        var tb = cases.Where(c => c.Label == 1).ToList();
        var normal = cases.Where(c => c.Label == 0).ToList();

        Assert.InRange(tb.Count, 10, 30);
        Assert.All(normal, c => Assert.Empty(c.Lesions));
        Assert.All(normal, c => Assert.DoesNotContain((byte)1, c.LesionMask));
        Assert.All(tb, c => Assert.InRange(c.Lesions.Count, 1, 3));
        Assert.All(tb, c => Assert.Contains((byte)1, c.LesionMask));
        Assert.All(tb.SelectMany(c => c.Lesions), l => Assert.True(l.CenterY < 96 * 0.55, $"{l.Kind} at row {l.CenterY} is not in an upper zone"));
        Assert.Equal(3, tb.SelectMany(c => c.Lesions).Select(l => l.Kind).Distinct().Count());
        // The mask lies where the lesions are.
        foreach (var c in tb)
        {
            Assert.Contains(c.Lesions, l => c.LesionMask[((int)Math.Round(l.CenterY) * 96) + (int)Math.Round(l.CenterX)] == 1);
        }
    }

    [Fact]
    public void Patient_size_and_exposure_vary_and_follow_ups_share_a_patient()
    {
        var cases = Enumerable.Range(0, 20).Select(i => generator.Generate(4, i)).ToList();
        Assert.True(cases.Select(c => c.Parameters["patient_size"]).Distinct().Count() > 10);
        Assert.True(cases.Select(c => c.Parameters["exposure"]).Distinct().Count() > 10);

        var followUps = new ChestRadiographGenerator(size: 32, imagesPerPatient: 2);
        Assert.Equal(followUps.Generate(4, 0).PatientKey, followUps.Generate(4, 1).PatientKey);
        Assert.NotEqual(followUps.Generate(4, 1).PatientKey, followUps.Generate(4, 2).PatientKey);
        Assert.Equal(followUps.Generate(4, 0).Parameters["patient_size"], followUps.Generate(4, 1).Parameters["patient_size"]);
    }
}
