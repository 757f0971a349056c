using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-uterus-tumour-cascade`: the cascade's tumour network. It reads the box
/// around the uterus (<see cref="TumourCrop"/>, resampled to <see cref="CropSize"/>²) instead of the
/// whole field of view, so the tumour is a far larger share of what it sees and every negative is uterus
/// without tumour. Training boxes are cut around the true uterus with a random margin (5-30% a side)
/// and centre shift (up to 8% of the side), as a predicted uterus would be off; every box slice of a
/// tumour case is kept and its tumour slices drawn a second time from another box (oversampling),
/// half the box slices of a tumour-free case are kept (so "no tumour in this uterus" is learned too).
/// Both outputs learn the tumour; Dice + binary cross entropy per slice.
/// </summary>
public class UterusTumourCascadeRecipe : UterusRecipeBase
{
    /// <summary>Edge of the network's input: the box around the uterus is resampled to it.</summary>
    public const int CropSize = 64;

    /// <summary>Edge of this recipe's network input (<see cref="CropSize"/> unless a recipe reads the box finer).</summary>
    public virtual int BoxSize => CropSize;

    /// <summary>Share of a tumour-free case's box slices that are kept.</summary>
    private const double TumourFreeShare = 0.5;

    /// <summary>
    /// Extra boxes drawn around a cervical tumour's slices (phantoms only: a labelled folder does not say
    /// where a tumour grew). Cervical tumours are about a third of the phantoms' tumours and were every
    /// tumour the shipped network missed, so the continuing run can see them more often.
    /// </summary>
    protected virtual int CervicalExtraBoxes => 0;

    /// <summary>
    /// Where along the os-fundus line (0 at the external os) a cervical tumour's centre counts as the lower
    /// cervix: every tumour centred below it was at peak probability 0.00 under the shipped network, trained
    /// on or not, while about half of those by the isthmus were drawn.
    /// </summary>
    public const double LowerCervixCentre = 0.28;

    /// <summary>
    /// Extra boxes centred on a lower-cervix tumour (phantoms only): the uterus box's side, its centre on the
    /// tumour's in-plane centre (jittered as the uterus boxes are) and its slices around the tumour's, so the
    /// lower cervix and the vagina below it fill the middle of the input rather than its edge.
    /// </summary>
    protected virtual int LowerCervixExtraBoxes => 0;

    /// <summary>Only the phantoms with a lower-cervix tumour are kept (a capacity probe: can the network fit them when nothing outweighs them?).</summary>
    protected virtual bool LowerCervixOnly => false;

    /// <summary>With <see cref="LowerCervixOnly"/>, the tumour-free phantoms are kept too: their normal lower cervix is what such a tumour must be told from.</summary>
    protected virtual bool KeepsTumourFree => false;

    /// <summary>
    /// Value written on the tumour voxels of the target (1: a plain mask). Above 1 it is the voxel's weight in
    /// the cross entropy of <see cref="LossKind.SizeWeightedDiceBinaryCrossEntropy"/> (whose Dice and metrics
    /// read foreground at ≥ 0.5), so a recipe on that loss can pull a missed tumour voxel harder than the
    /// many background voxels pull towards drawing nothing.
    /// </summary>
    protected virtual float TumourTargetValue => 1f;

    public override string Task => "segmentation-uterus-tumour-cascade";

    public override string Description => "Uterine tumour on T2 pelvic MR, second stage of a cascade: 2.5D U-Net on the box around the uterus at 64x64";

    public override int Planes => 3;

    public override bool TumourOnly => true;

    public override int Phantoms => 4 * PhantomCount;

    public override InputSpec Input => new(UNet2D.PackedChannels(Planes), 2 * BoxSize, BoxSize, NormalizationKind.PerImageMinMax);

    public override TrainingHyperParameters Defaults { get; } = BaseHyperParameters with { Epochs = 10, FineTuneLearningRateFactor = 1 };

    internal override IntensityAugmentationOptions Intensity { get; } = IntensityAugmentationOptions.Default with { Renditions = 2 };

    public override TrainingData LoadData(string? dataDirectory, int seed)
    {
        IReadOnlyList<(LabelledMr Mr, bool Cervical, bool LowerCervix)> cases;
        string description;
        if (dataDirectory is not null)
        {
            cases = LabelledMrFolder.Read(dataDirectory).Select(mr => (mr, false, false)).ToList();
            description = $"{cases.Count} labelled MR series (MR + DICOM SEG) from a folder";
        }
        else
        {
            var generator = new PelvisMrGenerator();
            cases = Enumerable.Range(0, Phantoms)
                .Select(i => generator.Generate(seed, i))
                .Select(c => (PelvisCases.FromCase(c), c.Tumour?.Kind == UterineTumourKind.Cervical, c.Tumour is { Kind: UterineTumourKind.Cervical, CentreT: < LowerCervixCentre }, c.Tumour is null))
                .Where(c => !LowerCervixOnly || c.Item3 || (KeepsTumourFree && c.Item4))
                .Select(c => (c.Item1, c.Item2, c.Item3))
                .ToList();
            description = FormattableString.Invariant($"{Phantoms} synthetic T2 pelvic MR series (PelvisMrGenerator t2, seed {seed}, {generator.Size}x{generator.Size}x{generator.Slices})");
        }

#pragma warning disable CA5394 // seeded augmentation, jitter and slice choice, not security
        var random = new Random(seed);
        var samples = new List<TrainingSample>();
        var cervicalCases = 0;
        var lowerCervixCases = 0;
        foreach (var (mr, cervical, lowerCervix) in cases)
        {
            var renditions = Enumerable.Range(0, Intensity.Renditions)
                .Select(_ => TumourCrop.Normalise(IntensityAugmentation.Apply(mr.Voxels, mr.Slices, mr.Rows, mr.Columns, random, Intensity)))
                .ToList();
            TumourCrop? Box() => TumourCrop.Around(mr.Uterus, mr.Slices, mr.Rows, mr.Columns, 0.05 + (0.25 * random.NextDouble()), 0.16 * (random.NextDouble() - 0.5), 0.16 * (random.NextDouble() - 0.5), random.Next(1, 3));
            if (Box() is not { } box)
            {
                continue;
            }

            var hasTumour = mr.Tumour.Contains(true);
            samples.AddRange(CropSamples(mr, box, renditions, random, hasTumour ? 1.0 : TumourFreeShare, tumourSlicesOnly: false, string.Empty));
            if (hasTumour && Box() is { } second)
            {
                samples.AddRange(CropSamples(mr, second, renditions, random, 1.0, tumourSlicesOnly: true, "#2"));
            }

            if (hasTumour && cervical)
            {
                cervicalCases++;
                for (var extra = 0; extra < CervicalExtraBoxes; extra++)
                {
                    if (Box() is { } again)
                    {
                        samples.AddRange(CropSamples(mr, again, renditions, random, 1.0, tumourSlicesOnly: true, FormattableString.Invariant($"#c{extra + 1}")));
                    }
                }
            }

            if (hasTumour && lowerCervix && LowerCervixExtraBoxes > 0)
            {
                lowerCervixCases++;
                for (var extra = 0; extra < LowerCervixExtraBoxes; extra++)
                {
                    if (Box() is { } size && TumourCrop.Around(mr.Tumour, mr.Slices, mr.Rows, mr.Columns, 0, 0.16 * (random.NextDouble() - 0.5), 0.16 * (random.NextDouble() - 0.5), random.Next(1, 3)) is { } onTumour)
                    {
                        var centred = onTumour with { Top = onTumour.Top + ((onTumour.Side - size.Side) / 2), Left = onTumour.Left + ((onTumour.Side - size.Side) / 2), Side = size.Side };
                        samples.AddRange(CropSamples(mr, centred, renditions, random, 1.0, tumourSlicesOnly: true, FormattableString.Invariant($"#l{extra + 1}")));
                    }
                }
            }
        }
#pragma warning restore CA5394

        return new TrainingData(samples, FormattableString.Invariant($"{description}; {samples.Count} box slices at {BoxSize}x{BoxSize} ({Planes} planes) around the true uterus (margin 5-30%, shift up to 8%), tumour slices twice ({CervicalExtraBoxes} more boxes around the {cervicalCases} cervical tumours{(LowerCervixExtraBoxes > 0 ? FormattableString.Invariant($", {LowerCervixExtraBoxes} more centred on the {lowerCervixCases} lower-cervix tumours") : string.Empty)}), {TumourFreeShare:P0} of a tumour-free case's; each volume with a random gain x0.5-2, {Intensity.BiasProbability:P0} with an extra bias field (sd {Intensity.BiasSd} per term), slices drawn from {Intensity.Renditions} renditions per volume{(TumourTargetValue > 1 ? FormattableString.Invariant($"; tumour voxels weighted {TumourTargetValue} in the cross entropy") : string.Empty)}"));
    }

    /// <summary>One packed sample per kept slice of the box: input planes above each other as <see cref="UNet2D"/> unpacks them, the tumour target on both halves.</summary>
    private List<TrainingSample> CropSamples(LabelledMr mr, TumourCrop box, IReadOnlyList<float[]> renditions, Random random, double keepShare, bool tumourSlicesOnly, string idSuffix)
    {
        var plane = mr.Rows * mr.Columns;
        var area = BoxSize * BoxSize;
        var channels = UNet2D.PackedChannels(Planes);
        var tumour = mr.Tumour.Select(b => b ? 1f : 0f).ToArray();
        var samples = new List<TrainingSample>();
        for (var s = box.FirstSlice; s <= box.LastSlice; s++)
        {
            var withTumour = mr.Tumour.AsSpan(s * plane, plane).Contains(true);
#pragma warning disable CA5394
            if ((tumourSlicesOnly && !withTumour) || (!withTumour && random.NextDouble() >= keepShare))
            {
                continue;
            }

            var normalised = renditions[random.Next(renditions.Count)];
#pragma warning restore CA5394
            var pixels = new float[channels * 2 * area];
            box.Planes(normalised, mr.Slices, mr.Rows, mr.Columns, s, Planes, BoxSize).CopyTo(pixels, 0);
            var mask = box.Slice(tumour, s, mr.Rows, mr.Columns, BoxSize).Select(v => v >= 0.5f ? TumourTargetValue : 0f).ToArray();
            var target = new float[2 * area];
            mask.CopyTo(target, 0);
            mask.CopyTo(target, area);
            samples.Add(new TrainingSample
            {
                Id = FormattableString.Invariant($"{mr.Id}/{s}{idSuffix}"),
                PatientKey = mr.Id,
                Pixels = pixels,
                Target = target,
                Channels = channels,
                Height = 2 * BoxSize,
                Width = BoxSize,
            });
        }

        return samples;
    }
}
