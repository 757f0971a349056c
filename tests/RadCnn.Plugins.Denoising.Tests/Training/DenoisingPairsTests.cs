using RadCnn.Plugins.Denoising.Training;
using RadCnn.Training.Data;
using RadCnn.Training.Phantoms.LowDoseCt;

namespace RadCnn.Plugins.Denoising.Tests.Training;

/// <summary>
/// The lesion patches of the training data: for every low-contrast lesion of a phantom slice the
/// requested number of extra patches, each cut from that slice with the lesion in its central half
/// (found again by matching the patch's target against the slice's truth), beside the random patches.
/// </summary>
public sealed class DenoisingPairsTests
{
    private const int Side = 32;

    private static readonly InputSpec Input = new(1, Side, Side, NormalizationKind.Window, WindowCenter: 1000, WindowWidth: 4000);

    [Fact]
    public void EveryLesionGetsItsPatchesWithTheLesionInTheirCentralHalf()
    {
        var generator = new LowDoseCtGenerator(new BodySliceModel(), 128, 0.1);
        const int Seed = 41;
        var samples = DenoisingPairs.FromPhantoms(generator, 3, Seed, Input, patchesPerSlice: 2, patchesPerLesion: 2);
        var lesionCount = 0;
        for (var index = 0; index < 3; index++)
        {
            var phantom = generator.Generate(Seed, index);
            var truth = (float[])phantom.Truth.Clone();
            Input.Normalize(truth);
            var patches = samples.Where(s => s.Id.StartsWith(phantom.Id + "#lesion", StringComparison.Ordinal)).ToList();
            Assert.Equal(2 * phantom.Anatomy.Lesions.Count, patches.Count);
            Assert.Equal(2, samples.Count(s => s.Id.StartsWith(phantom.Id + "#", StringComparison.Ordinal)) - patches.Count);
            for (var k = 0; k < patches.Count; k++)
            {
                var lesion = phantom.Anatomy.Lesions[k / 2];
                var (top, left) = Locate(truth, phantom.Size, patches[k].Target!);
                Assert.Equal(phantom.PatientKey, patches[k].PatientKey);
                AssertCentral(lesion.Row - top, top, phantom.Size);
                AssertCentral(lesion.Column - left, left, phantom.Size);
            }

            lesionCount += phantom.Anatomy.Lesions.Count;
        }

        Assert.True(lesionCount >= 3, $"the phantoms hold {lesionCount} lesions");
        Assert.DoesNotContain(DenoisingPairs.FromPhantoms(generator, 1, Seed, Input, patchesPerSlice: 2), s => s.Id.Contains("#lesion", StringComparison.Ordinal));
    }

    /// <summary>In the central half, or (where the patch was pushed against the slice's edge) at least inside it.</summary>
    private static void AssertCentral(double offset, int start, int size)
    {
        if (start > 0 && start < size - Side)
        {
            Assert.InRange(offset, (Side / 4) - 1, (3 * Side / 4) + 1);
        }
        else
        {
            Assert.InRange(offset, 0, Side);
        }
    }

    private static (int Top, int Left) Locate(float[] image, int size, float[] patch)
    {
        for (var top = 0; top <= size - Side; top++)
        {
            for (var left = 0; left <= size - Side; left++)
            {
                var same = true;
                for (var r = 0; r < Side && same; r++)
                {
                    same = image.AsSpan(((top + r) * size) + left, Side).SequenceEqual(patch.AsSpan(r * Side, Side));
                }

                if (same)
                {
                    return (top, left);
                }
            }
        }

        throw new InvalidOperationException("the patch is not a window of the slice's truth");
    }
}
