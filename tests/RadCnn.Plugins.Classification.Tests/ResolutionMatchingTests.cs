using RadCnn.Abstractions.WorkItems;
using RadCnn.Plugins.Classification.Candidates;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// Resolution matching (<see cref="ResolutionMatching"/>, off in the shipped plugin): a fine scan is blurred in-plane
/// to what a 128-matrix scan of the same field resolves; a 128 scan is left exactly as it is.
/// </summary>
public sealed class ResolutionMatchingTests
{
    [Fact]
    public void TrainingMatrixScansAreUnchanged()
    {
        var phantom = new ChestCtGenerator().Generate(9001, 0);
        var volume = CtVolume.From(phantom);
        Assert.Equal(0, ResolutionMatching.ExtraSigmaMm(phantom.Columns, phantom.PixelSpacing, phantom.SliceSpacing));
        var matched = ResolutionMatching.Match(volume);
        Assert.Same(volume, matched);
        Assert.Equal(new CandidateDetector().Detect(volume), new CandidateDetector().Detect(matched));
    }

    [Fact]
    public void FineScansAreBlurredInPlaneOnlyByTheDerivedSigma()
    {
        // A 512 matrix of 0.7 mm pixels (a 358 mm field: 2.8 mm pixels at 128) with 1.25 mm slices. The phantoms' scanner
        // resolves sigma² = (p/2)² + E²/12 + p²/6 (blur, partial-volume edge E, trilinear sampling): 1.98 mm at 2.8 mm
        // pixels, 0.58 mm at 0.7 mm, so the extra Gaussian is about 1.89 mm (2.7 pixels).
        const double pixel = 0.7;
        var expected = Math.Sqrt(Math.Pow(ResolutionMatching.EffectiveSigmaMm(512 * pixel / 128, 1.25), 2) - Math.Pow(ResolutionMatching.EffectiveSigmaMm(pixel, 1.25), 2));
        Assert.InRange(expected, 1.8, 2.0);
        Assert.Equal(expected, ResolutionMatching.ExtraSigmaMm(512, pixel, 1.25), 6);

        // An impulse in a 512-column volume (few rows and slices to keep it small): its spread is the extra sigma in the
        // plane, and nothing leaks into the neighbouring slices.
        const int columns = 512, rows = 512, slices = 3;
        var hu = new float[columns * rows * slices];
        hu[(((1 * rows) + 256) * columns) + 256] = 1000;
        var volume = new CtVolume(hu, columns, rows, slices, new Vector3D(pixel, pixel, 1.25), new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0));
        var matched = ResolutionMatching.Match(volume).Hu;
        double total = 0, second = 0;
        for (var c = 0; c < columns; c++)
        {
            var v = matched[(((1 * rows) + 256) * columns) + c];
            total += v;
            second += v * (c - 256) * (c - 256);
        }

        Assert.InRange(Math.Sqrt(second / total) * pixel, 0.95 * expected, 1.05 * expected);
        Assert.Equal(0, matched[(((0 * rows) + 256) * columns) + 256]);
        Assert.Equal(0, matched[(((2 * rows) + 256) * columns) + 256]);
        Assert.Equal(1000, matched.Skip(rows * columns).Take(rows * columns).Sum(v => (double)v), 1);
    }
}
