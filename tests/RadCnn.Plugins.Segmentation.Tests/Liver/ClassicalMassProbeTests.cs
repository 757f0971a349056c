using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;

namespace RadCnn.Plugins.Segmentation.Tests.Liver;

/// <summary>
/// The robustness of a mass only the classical candidates found: the probe lowers the mass's contrast against its
/// surround by the engine's epsilon in the mass stage's window and runs the candidates again. A 90 HU sphere survives the
/// 8 HU step of epsilon 0.02, is lost when the step reverses its contrast, and the opposite step (more contrast) keeps it,
/// so the attack's direction is the one that hurts the detector.
/// </summary>
public sealed class ClassicalMassProbeTests
{
    private static readonly double WindowWidth = CascadeSettings.MassStage.WindowWidth;

    [Fact]
    public async Task AMassOnlyTheCandidatesFoundIsProbedByAttackingItsContrast()
    {
        var (hu, _) = ClassicalMassCombinationTests.Volume();
        var settings = Shipped();
        var cascade = await ClassicalMassCombinationTests.Cascade(settings).RunAsync(hu, CancellationToken.None);
        var lesion = Assert.Single(cascade.Lesions);
        Assert.Equal([lesion], ClassicalMassProbe.FoundOnlyByCandidates(cascade, ReportedMassVoxels.Of(hu, cascade)));

        var reports = ClassicalMassProbe.Probe(hu, cascade.Liver, ReportedMassVoxels.Of(hu, cascade), [lesion], settings.ClassicalMassMinimumScore, 0.02, WindowWidth, settings.ClassicalMassResponse);
        var steady = reports[lesion];
        Assert.Equal(0.02, steady.Epsilon);
        Assert.True(steady.Agreement > 0.8, $"agreement {steady.Agreement:F2} at 8 HU");
        Assert.False(steady.FlipsAtEpsilon);
        Assert.Null(steady.SmallestFlippingEpsilon);

        // At epsilon 0.2 (80 HU each way) the 90 HU contrast is reversed: the mass is lost, and the ladder says where.
        var lost = ClassicalMassProbe.Probe(hu, cascade.Liver, ReportedMassVoxels.Of(hu, cascade), [lesion], settings.ClassicalMassMinimumScore, 0.2, WindowWidth, settings.ClassicalMassResponse)[lesion];
        Assert.True(lost.Agreement < ClassicalMassProbe.FlipAgreement, $"agreement {lost.Agreement:F2} at 80 HU");
        Assert.True(lost.FlipsAtEpsilon && lost.Fragile);
        Assert.InRange(lost.SmallestFlippingEpsilon!.Value, 0.05, 0.2);
    }

    [Fact]
    public async Task TheAttackLowersTheContrastAndTheOppositeStepKeepsTheMass()
    {
        var (hu, _) = ClassicalMassCombinationTests.Volume();
        var settings = Shipped();
        var cascade = await ClassicalMassCombinationTests.Cascade(settings).RunAsync(hu, CancellationToken.None);
        var lesion = Assert.Single(cascade.Lesions);
        var target = ClassicalMassProbe.Targets(hu, cascade.Liver, ReportedMassVoxels.Of(hu, cascade), [lesion])[lesion];
        Assert.Equal(1, target.Sign); // a hypodense mass is pulled up toward the parenchyma
        Assert.NotEmpty(target.Surround);
        Assert.DoesNotContain(target.Surround, i => cascade.Masses[i] || !cascade.Liver[i]);

        var attacked = ClassicalMassProbe.Agreement(hu, cascade.Liver, [target], settings.ClassicalMassMinimumScore, 80, direction: 1, settings.ClassicalMassResponse);
        var opposite = ClassicalMassProbe.Agreement(hu, cascade.Liver, [target], settings.ClassicalMassMinimumScore, 80, direction: -1, settings.ClassicalMassResponse);
        Assert.True(attacked[0] < 0.5, $"attacked {attacked[0]:F2}");
        Assert.True(opposite[0] > 0.8, $"opposite {opposite[0]:F2}");
    }

    [Fact]
    public async Task WithoutTheCandidatesNoMassIsTheirs()
    {
        var (hu, _) = ClassicalMassCombinationTests.Volume();
        var cascade = await ClassicalMassCombinationTests.Cascade(Shipped() with { ClassicalMasses = false }).RunAsync(hu, CancellationToken.None);
        Assert.Empty(ClassicalMassProbe.FoundOnlyByCandidates(cascade, ReportedMassVoxels.Of(hu, cascade)));
    }

    [Fact]
    public async Task TheReportAndTheSrLabelSayWhichMassesTheCandidatesAloneFound()
    {
        var (hu, _) = ClassicalMassCombinationTests.Volume();
        var settings = Shipped();
        var cascade = await ClassicalMassCombinationTests.Cascade(settings).RunAsync(hu, CancellationToken.None);
        var lesion = Assert.Single(cascade.Lesions);
        var report = ClassicalMassProbe.Probe(hu, cascade.Liver, ReportedMassVoxels.Of(hu, cascade), [lesion], settings.ClassicalMassMinimumScore, 0.02, WindowWidth, settings.ClassicalMassResponse)[lesion];

        var byCandidates = new LiverReading(cascade, null, [(lesion, lesion.MeanProbability, report)]) { FoundOnlyByCandidates = new HashSet<RadCnn.Plugins.Segmentation.Analysis.LesionMeasure> { lesion } };
        var byNetwork = new LiverReading(cascade, null, [(lesion, lesion.MeanProbability, report)]);
        Assert.Contains("mass 1: ", LiverResultWriter.Summary(byCandidates, settings), StringComparison.Ordinal);
        Assert.Contains("(classical candidate), agreement", LiverResultWriter.Summary(byCandidates, settings), StringComparison.Ordinal);
        Assert.DoesNotContain("classical candidate", LiverResultWriter.Summary(byNetwork, settings), StringComparison.Ordinal);
        Assert.Equal("Liver mass 2", LiverResultWriter.MassLabel(1, candidatesOnly: false));
        Assert.StartsWith("Liver mass 2 (classical candidate", LiverResultWriter.MassLabel(1, candidatesOnly: true), StringComparison.Ordinal);
        Assert.Contains("probability is the share of such masses true on validation", LiverResultWriter.MassLabel(1, candidatesOnly: true, validatedShare: true), StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedSettingsReportTheValidatedShareForTheCandidatesMassesAndTheNetworksProbabilityForTheRest()
    {
        var settings = Shipped();
        var share = Assert.NotNull(settings.ClassicalMassConfidence);
        Assert.InRange(share, 0.01, 0.99);
        var lesion = new RadCnn.Plugins.Segmentation.Analysis.LesionMeasure(1, 10, 0.5, 10, (1, 1, 1), 1) { MeanProbability = 0.03 };
        Assert.Equal(share, settings.ReportedMassProbability(lesion, foundOnlyByCandidates: true));
        Assert.Equal(0.03, settings.ReportedMassProbability(lesion, foundOnlyByCandidates: false));
        Assert.Equal(0.03, (settings with { ClassicalMassConfidence = null }).ReportedMassProbability(lesion, foundOnlyByCandidates: true));
        Assert.Throws<InvalidOperationException>(() => (settings with { ClassicalMassConfidence = 1.2 }).Validate());
        Assert.Throws<InvalidOperationException>(() => (settings with { ClassicalMassConfidence = 0 }).Validate());
    }

    private static CascadeSettings Shipped() => CascadeSettings.Load(Path.Combine(Repository.ModelFolder, CascadeSettings.FileName));
}
