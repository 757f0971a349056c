using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.PelvisMr;
using RadCnn.Training.Recipes;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// What the uterus models share: a 2D U-Net on MR slices (one plane, or three for 2.5D) predicting
/// uterus and tumour, trained with Dice + binary cross entropy on slices of pelvic MR phantoms generated
/// in memory (or a folder of MR series with their DICOM SEG). Every training volume gets a random gain
/// (×0.5-2) and, most of the time, an extra smooth bias field before the per-volume normalisation, so
/// the network does not learn one scanner's intensities. A sample travels through the shared trainer in
/// the packed layout <see cref="UNet2D"/> describes (uterus target above tumour target).
/// </summary>
public abstract class UterusRecipeBase : ITrainingRecipe
{
    /// <summary>Phantoms generated when no data directory is given (split by case 70/15/15).</summary>
    public const int PhantomCount = 48;

    /// <summary>Base channel count of the U-Net (c, 2c, 4c, 8c).</summary>
    public const int BaseChannels = 8;

    /// <summary>Base channel count of this recipe's U-Net (<see cref="BaseChannels"/> unless a recipe widens it).</summary>
    public virtual int NetworkBaseChannels => BaseChannels;

    /// <summary>Share of the slices without uterus that are kept (the rest would only teach "background").</summary>
    private const double EmptySliceShare = 0.3;

    /// <summary>Share of the slices without tumour the tumour network sees.</summary>
    private const double TumourFreeShare = 0.1;

    public abstract string Task { get; }

    /// <summary>Phantoms generated when no data directory is given (the first <see cref="PhantomCount"/> are the shipped networks' set).</summary>
    public virtual int Phantoms => PhantomCount;

    public abstract string Description { get; }

    /// <summary>Slices the network sees at once: 1 (2D) or 3 (2.5D).</summary>
    public abstract int Planes { get; }

    public TrainingTaskKind Kind => TrainingTaskKind.Segmentation;

    public virtual InputSpec Input => new(UNet2D.PackedChannels(Planes), 2 * MrSlices.Size, MrSlices.Size, NormalizationKind.PerImageMinMax);

    public IReadOnlyList<string> ClassNames { get; } = [];

    public string Architecture => FormattableString.Invariant(
        $"2D U-Net, 4 levels ({NetworkBaseChannels}-{2 * NetworkBaseChannels}-{4 * NetworkBaseChannels}-{8 * NetworkBaseChannels} channels, two 3x3 conv + BN + ReLU per level, max pool, transposed conv, skip concatenation), {Planes} input plane(s), two logits per pixel (uterus, tumour); slices resampled to {MrSlices.Size}x{MrSlices.Size}, volume divided by its 99th percentile");

    public virtual TrainingHyperParameters Defaults => BaseHyperParameters;

    /// <summary>
    /// What every uterus recipe trains with unless it says otherwise (each states only its differences,
    /// `BaseHyperParameters with { ... }`): Adam 2e-3 with weight decay 1e-5, batch 8, cosine schedule,
    /// 8 epochs, no early stop, soft Dice + BCE, no geometric augmentation (the intensity augmentation is
    /// the recipe's own, <see cref="Intensity"/>), fine-tuning at the trainer's default tenth of the rate.
    /// </summary>
    protected static TrainingHyperParameters BaseHyperParameters { get; } = new()
    {
        Epochs = 8,
        BatchSize = 8,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 2e-3,
        WeightDecay = 1e-5,
        Schedule = LearningRateSchedule.Cosine,
        EarlyStoppingPatience = 0,
        Loss = LossKind.DiceBinaryCrossEntropy,
        Augmentation = AugmentationOptions.None,
    };

    public IReadOnlyList<string> EarlyLayers { get; } = ["enc1."];

    /// <summary>
    /// When true both outputs learn the tumour alone (a tumour network): with uterus and tumour in one
    /// Dice, the small tumour hardly moves the loss and its channel collapses to zero.
    /// </summary>
    public virtual bool TumourOnly => false;

    /// <summary>
    /// How many times the slices of an axial phantom are drawn (1: as often as a sagittal one's). On axial
    /// grids the uterus is cut across its long axis, its ends (cervix, fundus) are small round sections,
    /// and that is where the shipped network loses held-out Dice (missed end slices, `--diagnose`).
    /// </summary>
    internal virtual int AxialRepeats => 1;

    /// <summary>The intensity augmentation of every training volume.</summary>
    internal virtual IntensityAugmentationOptions Intensity => IntensityAugmentationOptions.Default;

    /// <summary>
    /// Which renditions' slices are marked <see cref="TrainingSample.AttackFirst"/>, so that under
    /// adversarial training they fill the attacked share of a batch before the others do.
    /// </summary>
    internal virtual RenditionsAttackedFirst AttackedFirst => RenditionsAttackedFirst.None;

    public nn.Module<Tensor, Tensor> CreateModel() => new UNet2D(Planes, NetworkBaseChannels);

    public virtual TrainingData LoadData(string? dataDirectory, int seed)
    {
        IReadOnlyList<LabelledMr> cases;
        string description;
        var axial = new HashSet<string>(StringComparer.Ordinal);
        if (dataDirectory is not null)
        {
            cases = LabelledMrFolder.Read(dataDirectory);
            description = $"{cases.Count} labelled MR series (MR + DICOM SEG) from a folder";
        }
        else
        {
            var generator = new PelvisMrGenerator();
            var drawn = Enumerable.Range(0, Phantoms).Select(i => generator.Generate(seed, i)).ToList();
            cases = drawn.Select(PelvisCases.FromCase).ToList();
            axial.UnionWith(drawn.Where(c => !c.Grid.IsSagittal).Select(c => c.Id));
            description = FormattableString.Invariant($"{Phantoms} synthetic T2 pelvic MR series (PelvisMrGenerator t2, seed {seed}, {generator.Size}x{generator.Size}x{generator.Slices})");
        }

#pragma warning disable CA5394 // seeded augmentation and slice choice, not security
        var random = new Random(seed);
#pragma warning restore CA5394
        var samples = new List<TrainingSample>();
        foreach (var mr in cases)
        {
            // Each rendition is the volume under its own draw of gain, fields and contrast; every kept
            // slice comes from one of them, so an epoch sees as many slices but more variation.
            var renditions = new List<float[]>();
            var attackFirst = new List<bool>();
            for (var r = 0; r < Math.Max(1, Intensity.Renditions); r++)
            {
                renditions.Add(MrSlices.Prepare(IntensityAugmentation.Apply(mr.Voxels, mr.Slices, mr.Rows, mr.Columns, random, Intensity, out var contrastOrCoil), mr.Slices, mr.Rows, mr.Columns));
                attackFirst.Add(AttackedFirst switch
                {
                    RenditionsAttackedFirst.ContrastOrCoil => contrastOrCoil,
                    RenditionsAttackedFirst.Plain => !contrastOrCoil,
                    _ => false,
                });
            }

            samples.AddRange(SliceSamples(mr, renditions, Planes, random, EmptySliceShare, TumourOnly, attackFirst: attackFirst));
            for (var repeat = 1; repeat < (axial.Contains(mr.Id) ? AxialRepeats : 1); repeat++)
            {
                samples.AddRange(SliceSamples(mr, renditions, Planes, random, EmptySliceShare, TumourOnly, FormattableString.Invariant($"#{repeat}"), attackFirst));
            }
        }

        return new TrainingData(samples, FormattableString.Invariant($"{description}; {samples.Count} slices ({Planes} plane(s)), each volume with a random gain x0.5-2, {Intensity.BiasProbability:P0} with an extra bias field (sd {Intensity.BiasSd} per term), {Intensity.ContrastCurveProbability:P0} with a random tissue-contrast curve, {Intensity.CoilBiasProbability:P0} with a surface-coil field, slices drawn from {Math.Max(1, Intensity.Renditions)} rendition(s) per volume"));
    }

    /// <summary>Slices of one volume (each from one of its prepared renditions) as packed samples: every slice with uterus, and <paramref name="emptyShare"/> of the others.</summary>
    internal static List<TrainingSample> SliceSamples(LabelledMr mr, IReadOnlyList<float[]> renditions, int planes, Random random, double emptyShare, bool tumourOnly = false, string idSuffix = "", IReadOnlyList<bool>? attackFirst = null)
    {
        var plane = mr.Rows * mr.Columns;
        var area = MrSlices.Size * MrSlices.Size;
        var channels = UNet2D.PackedChannels(planes);
        var samples = new List<TrainingSample>();
        for (var s = 0; s < mr.Slices; s++)
        {
            // The tumour network sees every slice with tumour and a few without (with many empty
            // targets, predicting nothing everywhere is the cheapest answer and training stalls there).
            var keep = tumourOnly ? mr.Tumour.AsSpan(s * plane, plane).Contains(true) : mr.Uterus.AsSpan(s * plane, plane).Contains(true);
#pragma warning disable CA5394
            if (!keep && random.NextDouble() >= (tumourOnly ? TumourFreeShare : emptyShare))
#pragma warning restore CA5394
            {
                continue;
            }

#pragma warning disable CA5394
            var rendition = renditions.Count == 1 ? 0 : random.Next(renditions.Count);
            var prepared = renditions[rendition];
#pragma warning restore CA5394
            var input = MrSlices.Planes(prepared, mr.Slices, s, planes);
            var pixels = new float[channels * 2 * area];
            Array.Copy(input, pixels, input.Length);
            var target = new float[2 * area];
            Mask(tumourOnly ? mr.Tumour : mr.Uterus, s, mr).CopyTo(target, 0);
            Mask(mr.Tumour, s, mr).CopyTo(target, area);
            samples.Add(new TrainingSample
            {
                Id = FormattableString.Invariant($"{mr.Id}/{s}{idSuffix}"),
                PatientKey = mr.Id,
                Pixels = pixels,
                Target = target,
                Channels = channels,
                Height = 2 * MrSlices.Size,
                Width = MrSlices.Size,
                AttackFirst = attackFirst?[rendition] ?? false,
            });
        }

        return samples;
    }

    /// <summary>The training target of one slice: the mask at <see cref="MrSlices.Size"/>² by area averaging, cut at 0.5.</summary>
    internal static float[] Mask(bool[] mask, int slice, LabelledMr mr)
    {
        var plane = mr.Rows * mr.Columns;
        var values = new float[plane];
        for (var i = 0; i < plane; i++)
        {
            values[i] = mask[(slice * plane) + i] ? 1f : 0f;
        }

        return MrSlices.AreaResize(values, mr.Rows, mr.Columns, MrSlices.Size, MrSlices.Size).Select(v => v >= 0.5f ? 1f : 0f).ToArray();
    }
}
