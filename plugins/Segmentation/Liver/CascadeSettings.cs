using System.Text.Json;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// The cascade's grids and decision thresholds. The grids are fixed by the recipes; the thresholds are
/// chosen on validation phantoms (`bench/segmentation --choose-thresholds`) and stored in
/// model/cascade.json beside the weights, never a fixed 0.5.
/// </summary>
internal sealed record CascadeSettings
{
    public const string FileName = "cascade.json";

    /// <summary>Stage 1: the whole abdomen at 4 mm, windows of 32×64×64 voxels (128 × 256 × 256 mm).</summary>
    public static StageSpec LiverStage { get; } = new("liver", (4, 4, 4), (32, 64, 64));

    /// <summary>Stage 2: the liver's bounding box at 2.5 mm, windows of 32×48×48 voxels (80 × 120 × 120 mm).</summary>
    public static StageSpec MassStage { get; } = new("liver-mass", (2.5, 2.5, 2.5), (32, 48, 48));

    /// <summary>
    /// The finer mass-stage candidate (`segmentation-liver-mass-fine`): the same network and patch on a 2 mm grid
    /// (64 × 96 × 96 mm windows), so that a 10 mm mass spans five voxels instead of four. Not used by the shipped cascade.
    /// </summary>
    public static StageSpec FineMassStage { get; } = new("liver-mass-fine", (2, 2, 2), (32, 48, 48));

    /// <summary>The single-stage comparison: masses on the whole abdomen at the liver grid.</summary>
    public static StageSpec SingleStageMass { get; } = LiverStage with { Name = "liver-mass-single" };

    /// <summary>Margin added around the liver before stage 2 (mm).</summary>
    public double LiverBoxMarginMm { get; init; } = 10;

    public double LiverThreshold { get; init; } = 0.5;

    public double MassThreshold { get; init; } = 0.5;

    /// <summary>Predicted mass components smaller than this are dropped (a 5 mm sphere is 0.065 mL).</summary>
    public double MinimumMassMl { get; init; } = 0.03;

    /// <summary>
    /// Predicted mass components whose longest axial diameter (mm, on the source grid) is below this are dropped too;
    /// 0 (the default, and plugin 1.4.0's cascade.json) keeps the volume rule alone. A diameter rule keeps a 10 mm mass
    /// that a 0.8 threshold shrinks below the volume rule's 0.4 mL.
    /// </summary>
    public double MinimumMassDiameterMm { get; init; }

    /// <summary>
    /// Adds the classical mass candidates (<see cref="ClassicalMassStage"/>) scoring at least
    /// <see cref="ClassicalMassMinimumScore"/> to the network's masses. Off when absent from cascade.json (the cascade of
    /// plugin 1.4.0); the plugin's setting <c>ClassicalMasses=false</c> switches it off.
    /// </summary>
    public bool ClassicalMasses { get; init; }

    /// <summary>The candidates' smallest score (difference-of-Gaussians response in liver SDs × blobness), chosen on validation.</summary>
    public double ClassicalMassMinimumScore { get; init; } = 4;

    /// <summary>
    /// The candidates run only on series whose finest voxel side (mm) is at least this: their score is a contrast-to-noise
    /// ratio chosen on the 2.9-5 mm phantom voxels, and on a 512×512×200 series (0.75 × 0.75 × 1 mm) the same threshold
    /// added 6-11 false positives where the network had none. 0 runs them on every series.
    /// </summary>
    public double ClassicalMassMinimumSpacingMm { get; init; } = 2.5;

    /// <summary>
    /// The candidates' smallest score on series finer than <see cref="ClassicalMassMinimumSpacingMm"/>, by the series' finest
    /// voxel side, rows in ascending <see cref="ClassicalMassScoreBand.FromSpacingMm"/>: the last row whose bound the series'
    /// finest side reaches gives the score, and a series finer than every row is skipped. Empty (the default, and plugin
    /// 1.5.0's cascade.json) skips every series finer than the gate.
    /// </summary>
    public IReadOnlyList<ClassicalMassScoreBand> ClassicalMassScoreBands { get; init; } = [];

    /// <summary>Only the classical components that touch none of the network's masses are added (else all of them).</summary>
    public bool ClassicalMassesOnlyNew { get; init; }

    /// <summary>
    /// How the candidates read the liver near its edge (<see cref="MassBlobResponse"/>): <c>MedianFill</c> when absent from
    /// cascade.json (plugin 1.5.0-1.6.0); the plugin's setting <c>ClassicalMassResponse</c> overrides it.
    /// </summary>
    public MassBlobResponse ClassicalMassResponse { get; init; } = MassBlobResponse.MedianFill;

    /// <summary>
    /// A second reading of the liver box by the same mass network on a grid of this spacing (mm), finer than the
    /// <see cref="MassStage"/>'s 2.5 mm it was trained on (<see cref="ZoomedMassRule"/>): at 1.25 mm a 12 mm mass spans as
    /// many voxels as a 24 mm one, a size the network draws, where at 2.5 mm it draws none of 10-20 mm. Its components join the
    /// masses only under the rule's contrast and shape bounds. 0 (the default, and plugin 1.8.0's cascade.json) reads once.
    /// </summary>
    public double ZoomedMassSpacingMm { get; init; }

    /// <summary>
    /// The zoomed reading runs only on series whose coarser in-plane pixel side (mm) is at most this: on 2.9-3.4 mm pixels
    /// its extra components were look-alikes as dark and as compact as the masses it found, on 1.5-1.7 mm pixels not.
    /// </summary>
    public double ZoomedMassMaximumSourceSpacingMm { get; init; } = 2;

    /// <summary>The zoomed reading's probability cut.</summary>
    public double ZoomedMassThreshold { get; init; } = 0.5;

    /// <summary>
    /// A zoomed component's mean HU minus the liver's median, in units of the liver's noise (1.4826 × its median absolute
    /// deviation), must be at most this: the masses it adds are darker than the liver, the vessels it would add brighter.
    /// </summary>
    public double ZoomedMassMaximumContrast { get; init; } = -1;

    /// <summary>A zoomed component must fill at least this share of its bounding box (a vessel running through the box fills little of it).</summary>
    public double ZoomedMassMinimumFill { get; init; } = 0.3;

    /// <summary>
    /// The probability reported for a mass only the classical candidates found: the share of such masses that were true
    /// masses on validation phantoms. The mass network's own probability there, which plugin 1.9.0 reported, is near 0
    /// whether such a mass is true or not, so it told a reader nothing. Null reports the network's probability.
    /// </summary>
    public double? ClassicalMassConfidence { get; init; }

    /// <summary>The probability the plugin reports for <paramref name="lesion"/>: its mean mass probability, or for a mass only the classical candidates found <see cref="ClassicalMassConfidence"/> where one is set.</summary>
    public double ReportedMassProbability(LesionMeasure lesion, bool foundOnlyByCandidates) =>
        foundOnlyByCandidates && ClassicalMassConfidence is { } share ? share : lesion.MeanProbability;

    /// <summary>Whether the zoomed reading runs on a series of this grid.</summary>
    public bool ZoomedMassesFor(CtVolume hu) => ZoomedMassSpacingMm > 0 && Math.Max(hu.SpacingY, hu.SpacingX) <= ZoomedMassMaximumSourceSpacingMm;

    /// <summary>The zoomed reading's grid: the mass stage's window on <see cref="ZoomedMassSpacingMm"/>.</summary>
    public StageSpec ZoomedMassStage => MassStage with { Name = "liver-mass-zoomed", Spacing = (ZoomedMassSpacingMm, ZoomedMassSpacingMm, ZoomedMassSpacingMm) };

    /// <summary>Where the thresholds came from (validation seed and size), for the model card.</summary>
    public string? ChosenOn { get; init; }

    /// <summary>
    /// The score the classical candidates run at on a series of this grid (see <see cref="ClassicalMassMinimumScoreFor(double)"/>),
    /// or null where they do not run: switched off, or no score chosen for its voxel size.
    /// </summary>
    public double? ClassicalMassScoreFor(CtVolume hu) =>
        ClassicalMasses ? ClassicalMassMinimumScoreFor(Math.Min(hu.SpacingZ, Math.Min(hu.SpacingY, hu.SpacingX))) : null;

    /// <summary>
    /// The candidates' smallest score for a series whose finest voxel side is <paramref name="finestSpacingMm"/>:
    /// <see cref="ClassicalMassMinimumScore"/> from <see cref="ClassicalMassMinimumSpacingMm"/> up, below it the last band
    /// whose bound the side reaches, or null (finer than every band: no score chosen for such voxels, the candidates are skipped).
    /// </summary>
    public double? ClassicalMassMinimumScoreFor(double finestSpacingMm)
    {
        if (finestSpacingMm >= ClassicalMassMinimumSpacingMm)
        {
            return ClassicalMassMinimumScore;
        }

        double? score = null;
        foreach (var band in ClassicalMassScoreBands.TakeWhile(b => finestSpacingMm >= b.FromSpacingMm))
        {
            score = band.MinimumScore;
        }

        return score;
    }

    /// <summary>Refuses settings the cascade cannot run with, so a bad cascade.json or override fails at start-up, not on a series.</summary>
    public void Validate()
    {
        static void Require(bool ok, string problem)
        {
            if (!ok)
            {
                throw new InvalidOperationException($"liver cascade settings: {problem}");
            }
        }

        Require(LiverThreshold is > 0 and < 1, $"LiverThreshold {LiverThreshold} must lie in (0, 1)");
        Require(MassThreshold is > 0 and < 1, $"MassThreshold {MassThreshold} must lie in (0, 1)");
        Require(MinimumMassMl >= 0 && double.IsFinite(MinimumMassMl), $"MinimumMassMl {MinimumMassMl} must be a volume of 0 or more");
        Require(MinimumMassDiameterMm >= 0 && double.IsFinite(MinimumMassDiameterMm), $"MinimumMassDiameterMm {MinimumMassDiameterMm} must be 0 or more");
        Require(LiverBoxMarginMm >= 0 && double.IsFinite(LiverBoxMarginMm), $"LiverBoxMarginMm {LiverBoxMarginMm} must be 0 or more");
        Require(ClassicalMassMinimumSpacingMm >= 0 && double.IsFinite(ClassicalMassMinimumSpacingMm), $"ClassicalMassMinimumSpacingMm {ClassicalMassMinimumSpacingMm} must be 0 or more");
        Require(!ClassicalMasses || (ClassicalMassMinimumScore > 0 && double.IsFinite(ClassicalMassMinimumScore)), $"ClassicalMassMinimumScore {ClassicalMassMinimumScore} must be above 0 when ClassicalMasses is on");
        Require(Enum.IsDefined(ClassicalMassResponse), $"ClassicalMassResponse {ClassicalMassResponse} must be one of {string.Join(", ", Enum.GetNames<MassBlobResponse>())}");
        Require(ZoomedMassSpacingMm == 0 || (ZoomedMassSpacingMm >= 0.5 && ZoomedMassSpacingMm < MassStage.Spacing.X), $"ZoomedMassSpacingMm {ZoomedMassSpacingMm} must be 0 (off) or from 0.5 to below the mass stage's {MassStage.Spacing.X} mm");
        Require(ZoomedMassMaximumSourceSpacingMm > 0 && double.IsFinite(ZoomedMassMaximumSourceSpacingMm), $"ZoomedMassMaximumSourceSpacingMm {ZoomedMassMaximumSourceSpacingMm} must be a spacing above 0");
        Require(ZoomedMassThreshold is > 0 and < 1, $"ZoomedMassThreshold {ZoomedMassThreshold} must lie in (0, 1)");
        Require(double.IsFinite(ZoomedMassMaximumContrast), $"ZoomedMassMaximumContrast {ZoomedMassMaximumContrast} must be a number");
        Require(ZoomedMassMinimumFill is >= 0 and < 1, $"ZoomedMassMinimumFill {ZoomedMassMinimumFill} must lie in [0, 1)");
        Require(ClassicalMassConfidence is null or (> 0 and < 1), $"ClassicalMassConfidence {ClassicalMassConfidence} must lie in (0, 1), or be absent to report the mass network's probability");
        Require(ClassicalMassScoreBands is not null, "ClassicalMassScoreBands must be a list (empty for none)");
        var previous = 0.0;
        foreach (var (band, row) in ClassicalMassScoreBands!.Select((b, i) => (b, i + 1)))
        {
            Require(band is not null, $"ClassicalMassScoreBands row {row} is empty");
            var bound = band!.FromSpacingMm;
            Require(bound > 0 && double.IsFinite(bound), $"ClassicalMassScoreBands row {row}: FromSpacingMm {bound} must be a spacing above 0");
            Require(bound > previous, $"ClassicalMassScoreBands row {row}: FromSpacingMm {bound} must be above the previous row's {previous} (rows in ascending spacing)");
            Require(bound < ClassicalMassMinimumSpacingMm, $"ClassicalMassScoreBands row {row}: FromSpacingMm {bound} is not below ClassicalMassMinimumSpacingMm {ClassicalMassMinimumSpacingMm}, where ClassicalMassMinimumScore applies, so the row could never be used");
            Require(band.MinimumScore > 0 && double.IsFinite(band.MinimumScore), $"ClassicalMassScoreBands row {row} (from {bound} mm): MinimumScore {band.MinimumScore} must be above 0");
            previous = bound;
        }
    }

    public static CascadeSettings Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<CascadeSettings>(File.ReadAllText(path), Json) ?? new CascadeSettings() : new CascadeSettings();

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
