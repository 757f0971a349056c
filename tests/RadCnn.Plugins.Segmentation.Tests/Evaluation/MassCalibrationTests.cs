using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Tests.Evaluation;

/// <summary>The rows of the masses' calibration: each reported mass with its mean probability and whether it is a true mass; the voxel ECE inside a mask.</summary>
public sealed class MassCalibrationTests
{
    private const int Side = 10;

    [Fact]
    public void EachReportedMassCarriesItsMeanProbabilityWhetherItTouchesATrueMassAndItsPath()
    {
        var truth = new bool[Side * Side * Side];
        var masses = new bool[truth.Length];
        var probability = new float[truth.Length];
        // A reported mass over a true one (probabilities 0.9 and 0.7, mean 0.8), and one in empty liver (0.3).
        Mark(masses, probability, Index(1, 1, 1), 0.9f);
        Mark(masses, probability, Index(1, 1, 2), 0.7f);
        truth[Index(1, 1, 2)] = true;
        Mark(masses, probability, Index(7, 7, 7), 0.3f);
        // A true mass nobody reported is not a row.
        truth[Index(4, 4, 4)] = true;
        var hu = new CtVolume(new float[truth.Length], Side, Side, Side, 1, 1, 1);
        var ct = new LabelledCt("case", hu, new bool[truth.Length], truth);
        var lesions = MaskMeasures.Lesions(masses, hu, 0, probability);
        // The second mass was the classical candidates' alone: the network's own masks hold only the first.
        var network = (bool[])masses.Clone();
        network[Index(7, 7, 7)] = false;
        var result = new CascadeResult(new float[truth.Length], new bool[truth.Length], probability, masses, lesions, 0, new Dictionary<string, double>()) { NetworkMasses = network };

        var rows = SegmentationEvaluator.ReportedMasses(ct, result, ReportedMassVoxels.Of(ct.Hu, result), new CascadeSettings());

        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.IsMass && Math.Abs(r.Probability - 0.8) < 1e-6 && r.FoundBy == "network");
        Assert.Contains(rows, r => !r.IsMass && Math.Abs(r.Probability - 0.3) < 1e-6 && r.FoundBy == "classical candidates");

        // With a validated share for the candidates' masses, that mass reports it; the network's mass keeps its own.
        var shared = SegmentationEvaluator.ReportedMasses(ct, result, ReportedMassVoxels.Of(ct.Hu, result), new CascadeSettings { ClassicalMassConfidence = 0.6 });
        Assert.Contains(shared, r => r.FoundBy == "classical candidates" && r.Probability == 0.6);
        Assert.Contains(shared, r => r.FoundBy == "network" && Math.Abs(r.Probability - 0.8) < 1e-6);
    }

    [Fact]
    public void TheVoxelCalibrationCountsOnlyTheVoxelsInsideTheGivenMask()
    {
        // Inside the mask the probabilities match the truth exactly (ECE 0); outside they are confidently wrong.
        var probability = new float[] { 1f, 0.5f, 0.5f, 1f, 1f };
        var truth = new[] { true, true, false, false, false };
        var within = new[] { true, true, true, false, false };
        Assert.Equal(0, SegmentationEvaluator.ExpectedCalibrationError([(probability, truth, within)]), 6);
        Assert.True(SegmentationEvaluator.ExpectedCalibrationError([(probability, truth)]) > 0.3);
    }

    private static int Index(int z, int y, int x) => (((z * Side) + y) * Side) + x;

    private static void Mark(bool[] masses, float[] probability, int i, float p)
    {
        masses[i] = true;
        probability[i] = p;
    }
}
